namespace FunctionalNet.Tensors;

/// <summary>
/// How many threads large matrix products may use. A speed knob only: products split their output into blocks
/// whose every element is computed the same way on any thread, so results are bit-identical at any setting.
/// </summary>
public static class ComputeThreads
{
    private static int limit = Environment.ProcessorCount;

    /// <summary>Upper bound on the threads one product uses (default: the processor count); at least 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public static int Limit
    {
        get => Volatile.Read(ref limit);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Volatile.Write(ref limit, value);
        }
    }
}
