using ActorStack.Nic;
using ActorStack.Sockets;

namespace ActorStack.Model.Tests;

public class ToeplitzTests
{
    // Microsoft's published RSS verification vectors for the default 40-byte key.
    [Theory]
    [InlineData("66.9.149.187", 2794, "161.142.100.80", 1766, 0x51ccc178u, 0x323e8fc2u)]
    [InlineData("199.92.111.2", 14230, "65.69.140.83", 4739, 0xc626b0eau, 0xd718262au)]
    [InlineData("24.19.198.95", 12898, "12.22.207.184", 38024, 0x5c2b394au, 0xd2d0a5deu)]
    [InlineData("38.27.205.30", 48228, "209.142.163.6", 2217, 0xafc7327fu, 0x82989176u)]
    [InlineData("153.39.163.191", 44251, "202.188.127.2", 1303, 0x10e828a2u, 0x5d1809c5u)]
    public void Hash_MatchesPublishedVectors(string source, int sourcePort, string destination, int destinationPort, uint withPorts, uint addressesOnly)
    {
        uint s = Endpoint.ParseAddress(source);
        uint d = Endpoint.ParseAddress(destination);
        Assert.Equal(withPorts, Toeplitz.HashIpv4(Toeplitz.DefaultKey, s, d, (ushort)sourcePort, (ushort)destinationPort));
        Assert.Equal(addressesOnly, Toeplitz.HashIpv4(Toeplitz.DefaultKey, s, d));
    }
}
