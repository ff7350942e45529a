using FunctionalNet.Tensors;

namespace FunctionalNet;

/// <summary>
/// How a fit runs rather than what it computes, so never part of <see cref="MlpOptions"/> or a model card: cancellation,
/// the threads the matrix products may use (the bits are the same at any setting) and a progress callback.
/// </summary>
/// <param name="Parallelism">Threads per matrix product; null for one per processor.</param>
/// <param name="Progress">Called with every epoch's record as the trace is consumed; null for none.</param>
/// <param name="Exchange">The processes sharing each mini-batch's slots (the same bits as one process); null for one process.</param>
/// <param name="Cancellation">Stops the run before its next step; the fit then ends with what the last finished epoch holds.</param>
public sealed record FitControls(Parallelism? Parallelism = null, Action<FitProgress>? Progress = null, Training.SlotExchange? Exchange = null,
    CancellationToken Cancellation = default)
{
    /// <summary>No cancellation, every processor, no progress.</summary>
    public static FitControls None { get; } = new();
}

/// <summary>One epoch of a fit, as a progress callback sees it.</summary>
/// <param name="Epoch">Epochs completed.</param>
/// <param name="Epochs">The budget.</param>
/// <param name="TrainingCost">The epoch's training cost (NaN when not computed).</param>
/// <param name="ValidationCost">The validation cost, when there is validation.</param>
public sealed record FitProgress(int Epoch, int Epochs, double TrainingCost, double? ValidationCost);
