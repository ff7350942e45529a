using System.Globalization;
using FunctionalNet.Training;

namespace FunctionalNet.Cli.Storage;

/// <summary>
/// Whether a checkpoint card's counts agree with each other and with the run resuming it: checkpoint.json has no
/// checksum of its own, so an epoch of 10⁹ or −5 would otherwise end the run at once with exit 0 (past its budget) or
/// start it at an impossible place. One cost is recorded per epoch, and every epoch takes the same number of steps.
/// </summary>
internal static class CheckpointProgress
{
    /// <summary>Parameter updates per epoch under <paramref name="plan"/> on <paramref name="rows"/> training rows.</summary>
    public static long StepsPerEpoch(EnginePlan plan, int rows) => plan switch
    {
        { Rule: not null, Batching: Batching.ShuffledBatches b } => (rows + Math.Min(b.Size, rows) - 1) / Math.Max(1, Math.Min(b.Size, rows)),
        { Rule: not null, Batching: Batching.SamplesWithReplacement s } => s.StepsPerEpoch ?? rows,
        _ => 1, // a full batch, or a minimizer's iteration
    };

    /// <summary>What is inconsistent in <paramref name="card"/>, or null when nothing is.</summary>
    /// <remarks>A run recording every <paramref name="every"/>th epoch (<c>--history-every</c>) keeps the costs of those only.</remarks>
    public static string? Problem(CheckpointCard card, long stepsPerEpoch, int every = 1) =>
        card.Epoch < 0 ? $"epoch {Show(card.Epoch)} is negative"
        : card.TrainingCosts.Length != card.Epoch / every ? $"epoch {Show(card.Epoch)} but the training costs of {Show(card.TrainingCosts.Length)} epoch(s)"
        : card.ValidationCosts.Length != 0 && card.ValidationCosts.Length != card.Epoch / every ? $"epoch {Show(card.Epoch)} but the validation costs of {Show(card.ValidationCosts.Length)} epoch(s)"
        : card.Step != card.Epoch * stepsPerEpoch ? $"step {Show(card.Step)} at epoch {Show(card.Epoch)}, where this run takes {Show(stepsPerEpoch)} step(s) an epoch ({Show(card.Epoch * stepsPerEpoch)} in all)"
        : card.BestEpoch < 0 || card.BestEpoch > card.Epoch ? $"best epoch {Show(card.BestEpoch)} outside epochs 0…{Show(card.Epoch)}"
        : card.StaleEpochs < 0 || card.StaleEpochs > card.Epoch ? $"{Show(card.StaleEpochs)} stale epochs in {Show(card.Epoch)}"
        : null;

    private static string Show(long value) => value.ToString(CultureInfo.InvariantCulture);
}
