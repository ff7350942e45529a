namespace FunctionalNet.Training;

/// <summary>
/// How an epoch feeds the training set to a first-order rule: one word, one meaning.
/// <list type="bullet">
/// <item><see cref="Full"/>: one step per epoch on every sample (gradient descent; what Rprop needs).</item>
/// <item><see cref="Shuffled"/>: every sample once per epoch, in a fresh order, in mini-batches (scikit-learn's and PyTorch's default).</item>
/// <item><see cref="WithReplacement"/>: one sample per step, drawn uniformly with replacement (the tutorials' SGD).</item>
/// </list>
/// Orders and draws come from <see cref="TrainingOptions.Rng"/> forked by the epoch number, so a continued run draws
/// what the uninterrupted run would have.
/// </summary>
public abstract record Batching
{
    private protected Batching()
    {
    }

    /// <summary>One full-batch step per epoch.</summary>
    public static Batching Full { get; } = new FullBatch();

    /// <summary>Each epoch visits every sample once in a fresh shuffled order, in batches of <paramref name="batchSize"/> (the last may be short).</summary>
    public static Batching Shuffled(int batchSize) => new ShuffledBatches(batchSize);

    /// <summary>
    /// One sample per step, drawn uniformly with replacement; an epoch is <paramref name="stepsPerEpoch"/> steps
    /// (default: the training-set size).
    /// </summary>
    public static Batching WithReplacement(int? stepsPerEpoch = null) => new SamplesWithReplacement(stepsPerEpoch);

    /// <summary>Rows per gradient evaluation for a training set of <paramref name="count"/> samples.</summary>
    internal abstract int Rows(int count);

    /// <summary>A one-line description of an invalid setting, or null.</summary>
    internal abstract string? Problem { get; }

    /// <summary>One full-batch step per epoch.</summary>
    public sealed record FullBatch : Batching
    {
        internal override int Rows(int count) => count;

        internal override string? Problem => null;

        /// <inheritdoc/>
        public override string ToString() => "full batch";
    }

    /// <summary>Shuffled mini-batches of <paramref name="Size"/> rows.</summary>
    /// <param name="Size">Rows per step.</param>
    public sealed record ShuffledBatches(int Size) : Batching
    {
        internal override int Rows(int count) => Math.Min(Size, count);

        internal override string? Problem => Size >= 1 ? null : $"the batch size must be ≥ 1, found {Size}";

        /// <inheritdoc/>
        public override string ToString() => $"shuffled batches of {Size}";
    }

    /// <summary>Single samples drawn with replacement.</summary>
    /// <param name="StepsPerEpoch">Steps per epoch; null means the training-set size.</param>
    public sealed record SamplesWithReplacement(int? StepsPerEpoch) : Batching
    {
        internal override int Rows(int count) => 1;

        internal override string? Problem => StepsPerEpoch is null or >= 1 ? null : $"steps per epoch must be ≥ 1, found {StepsPerEpoch}";

        /// <inheritdoc/>
        public override string ToString() => "one sample per step, with replacement";
    }
}
