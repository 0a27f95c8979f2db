using ActorStack.Engine;

namespace ActorStack.Sockets;

/// <summary>
/// One application thread reading a socket, as the scheduler sees it: which CPU it runs on now, and where it moves
/// next. The thread is an actor per CPU it may run on; exactly one of them is the thread at any time, and it hands
/// over to the next (a migration) between two recvfrom() calls. What the thread knows (per-flow order, counters)
/// lives here, so it travels with it.
/// </summary>
public sealed class ReaderThread
{
    private readonly int[] _cpus;
    private int _index;
    private long _nextMigrationAt;

    /// <summary>
    /// A thread on <paramref name="cpus"/>[0] that moves to the next CPU of the list every
    /// <paramref name="migratePeriodNanos"/> (0: never), reading flows numbered below <paramref name="maxFlows"/>.
    /// </summary>
    public ReaderThread(IReadOnlyList<int> cpus, long migratePeriodNanos, int maxFlows, ReceiverStats stats)
    {
        ArgumentNullException.ThrowIfNull(cpus);
        if (cpus.Count == 0)
        {
            throw new ArgumentException("A thread needs at least one CPU.", nameof(cpus));
        }

        _cpus = cpus.ToArray();
        MigratePeriodNanos = migratePeriodNanos;
        _nextMigrationAt = migratePeriodNanos > 0 ? migratePeriodNanos : long.MaxValue;
        Stats = stats;
        LastSequence = new long[maxFlows];
        Array.Fill(LastSequence, -1);
    }

    /// <summary>The CPUs the thread visits, in order.</summary>
    public IReadOnlyList<int> Cpus => _cpus;

    /// <summary>The CPU it runs on now.</summary>
    public int Cpu => _cpus[_index];

    /// <summary>Time between migrations (0: none).</summary>
    public long MigratePeriodNanos { get; }

    /// <summary>Migrations so far.</summary>
    public int Migrations { get; private set; }

    /// <summary>What the thread counted.</summary>
    public ReceiverStats Stats { get; }

    /// <summary>Highest sequence seen per flow (in-order check).</summary>
    internal long[] LastSequence { get; }

    /// <summary>The last sequence number this thread read from <paramref name="flow"/> (-1: none).</summary>
    public long LastSequenceOf(int flow) => LastSequence[flow];

    /// <summary>The per-CPU actors of this thread, indexed like <see cref="Cpus"/>.</summary>
    internal ActorRef<IUdpReaderMsg>[] Actors { get; set; } = [];

    /// <summary>If a migration is due at <paramref name="now"/>, moves the thread and returns the actor it now runs as.</summary>
    internal ActorRef<IUdpReaderMsg>? MigrateIfDue(long now)
    {
        if (_cpus.Length < 2 || now < _nextMigrationAt)
        {
            return null;
        }

        _nextMigrationAt += MigratePeriodNanos * Math.Max(1, ((now - _nextMigrationAt) / MigratePeriodNanos) + 1);
        _index = (_index + 1) % _cpus.Length;
        Migrations++;
        return Actors[_index];
    }
}
