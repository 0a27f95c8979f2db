// Span listeners are process-wide: tests that run packets in parallel would feed each other's trace assertions.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
