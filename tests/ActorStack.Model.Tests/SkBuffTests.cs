using ActorStack.Softirq;
using ActorStack.Softirq.Skb;

namespace ActorStack.Model.Tests;

public class SkBuffTests
{
    private static readonly SkbPool Pool = new(new BufferPool());

    [Fact]
    public void ReservePutPushPull_MoveDataAndTailLikeTheKernelHelpers()
    {
        var skb = Pool.AllocSkb(256);
        skb.Reserve(64);
        Assert.Equal((64, 64, 0), (skb.Headroom, skb.Data, skb.Length));
        skb.Put(100).Fill(0xab);
        Assert.Equal(100, skb.Length);
        Assert.Equal(256 - 164, skb.Tailroom);
        skb.Push(14);
        Assert.Equal((50, 114), (skb.Headroom, skb.Length));
        Assert.True(skb.Pull(34));
        Assert.Equal(80, skb.Length);
        Assert.False(skb.Pull(81));
        Assert.Throws<InvalidOperationException>(() => skb.Push(1000));
        Assert.Throws<InvalidOperationException>(() => skb.Put(1000));
    }

    [Theory]
    [InlineData(0 + 59, 832)]
    [InlineData(100 + 59, 832)]
    [InlineData(200 + 59, 1280)]
    [InlineData(500 + 59, 1280)]
    [InlineData(1000 + 59, 2304)]
    [InlineData(1472 + 59, 2304)]
    [InlineData(2000 + 59, 4352)]
    [InlineData(4000 + 59, 8448)]
    [InlineData(8000 + 59, 16640)]
    public void AllocSkbTruesize_MatchesMeasuredLoopbackTable(int head, int truesize) =>
        Assert.Equal(truesize, SkbConstants.AllocSkbTruesize(head));

    [Fact]
    public void BuildSkbTruesize_IxgbeHalfPage_Is2304() => Assert.Equal(2304, Pool.BuildSkb(new byte[2048]).Truesize);

    [Theory]
    [InlineData(1000, 2304)]
    [InlineData(10000, 20000)]
    [InlineData(8_000_000, 8388608)]
    public void SetRcvbuf_DoublesClampsAndFloorsLikeSetsockopt(long requested, int expected) =>
        Assert.Equal(expected, SockConstants.SetRcvbuf(requested, rmemMax: 4194304));

    [Fact]
    public void Clone_SharesDataUntilTheLastReferenceIsFreed()
    {
        var buffers = new BufferPool();
        var pool = new SkbPool(buffers);
        var skb = pool.AllocSkb(128);
        var clone = pool.Clone(skb);
        Assert.Same(skb.Buffer, clone.Buffer);
        Assert.Equal((1L, 1L), (pool.LivePackets, pool.LiveClones));
        NetStack.ConsumeSkb(skb);
        Assert.Equal(1, buffers.Outstanding);
        NetStack.ConsumeSkb(clone);
        Assert.Equal(0, buffers.Outstanding);
        Assert.Throws<InvalidOperationException>(() => NetStack.ConsumeSkb(clone));
    }

    [Fact]
    public void DropReasons_UseTheKernelSpelling()
    {
        Assert.Equal("SOCKET_RCVBUFF", SkbDropReason.SocketRcvbuff.KernelName());
        Assert.Equal("SKB_DROP_REASON_CPU_BACKLOG", SkbDropReason.CpuBacklog.FullKernelName());
        Assert.Equal("IP_INADDRERRORS", SkbDropReason.IpInaddrerrors.KernelName());
        Assert.Equal("UNICAST_IN_L2_MULTICAST", SkbDropReason.UnicastInL2Multicast.KernelName());
    }
}
