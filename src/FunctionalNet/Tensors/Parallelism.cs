namespace FunctionalNet.Tensors;

/// <summary>
/// How many threads one large matrix product may use: an option value passed from the caller down to the GEMM, never
/// global state. A speed knob only: products split their output into blocks whose every element is computed the same
/// way on any thread, so results are bit-identical at any setting.
/// </summary>
public readonly record struct Parallelism
{
    /// <summary>Allows up to <paramref name="maxThreads"/> threads per product.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxThreads"/> is less than 1.</exception>
    public Parallelism(int maxThreads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxThreads, 1);
        MaxThreads = maxThreads;
    }

    /// <summary>
    /// Upper bound on the threads one product uses; at least 1 (a <c>default</c> value, which skipped the constructor,
    /// reads 0 and runs on one thread).
    /// </summary>
    public int MaxThreads { get; }

    /// <summary>
    /// The helper threads of the run this value was handed to (set by the run's workspace, never by a caller): split
    /// products hand their shares to it instead of to pool threads. Null outside a run.
    /// </summary>
    internal Kernels.KernelCrew? Crew { get; init; }

    /// <summary>One thread per processor (<see cref="Environment.ProcessorCount"/>).</summary>
    public static Parallelism Default { get; } = new(Environment.ProcessorCount);
}
