using ActorStack.Softirq.Skb;

namespace ActorStack.Model.Tests;

/// <summary>--fault: an actor made to throw goes through Akka supervision; nothing is lost, and a stop is exit 4.</summary>
public class FaultInjectionTests
{
    [Fact]
    public void EveryNth_RestartsTheActor_AndEachFailedMessageIsDroppedAsNotSpecified()
    {
        var (exit, stdout, stderr) = ConsoleRunner.Run("--fault", "ip_rcv:every=1000", "--view", "off", "--json", "none");
        Assert.True(exit == 0, stderr);
        Assert.Contains("actor faults: 10\n", stdout, StringComparison.Ordinal);
        Assert.Contains("injected 10000, delivered 9990, dropped 10", stdout, StringComparison.Ordinal);
        Assert.Contains("10  SKB_DROP_REASON_NOT_SPECIFIED", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void AnActorFailingPastItsRestarts_Stops_ItsMessagesAreDeadLettersAndTheRunExitsWith4()
    {
        var options = ScenarioRunner.Options("default") with { Faults = [Engine.FaultRule.Parse("udp_rcv:prob=0.01")] };
        var result = ScenarioRunner.Run(options);
        Assert.Equal(1, result.StoppedActors);
        Assert.True(result.ActorFaults > 10);
        Assert.True(result.Conservation.Holds, result.Conservation.ToString());
        Assert.Contains(result.Drops, d => d.Reason == SkbDropReason.NotSpecified && d.Count > 1000);

        var (exit, _, _) = ConsoleRunner.Run("--fault", "udp_rcv:prob=0.01", "--view", "off", "--json", "none");
        Assert.Equal(4, exit);
    }

    [Fact]
    public void ProbabilisticFaults_FollowTheSeed()
    {
        string Run(string seed) => ConsoleRunner.Run("--fault", "ip_rcv:prob=0.002", "--seed", seed, "--view", "off", "--json", "none").Stdout
            .Split('\n').First(l => l.StartsWith("packets:", StringComparison.Ordinal));
        string first = Run("3");
        Assert.Equal(first, Run("3"));
    }

    [Theory]
    [InlineData("ip_rcv")]
    [InlineData("ip_rcv:every=0")]
    [InlineData("ip_rcv:prob=2")]
    [InlineData("ip_rcv:at=5")]
    [InlineData("ip_rcv:often=1")]
    public void BadFaultSpec_IsExit2NamingIt(string spec)
    {
        var (exit, _, stderr) = ConsoleRunner.Run("--fault", spec);
        Assert.Equal(2, exit);
        Assert.Contains("--fault " + spec, stderr, StringComparison.Ordinal);
    }
}
