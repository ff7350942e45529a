namespace FunctionalNet.Optimization;

/// <summary>Why a sequence ended, with a one-line explanation naming the step.</summary>
/// <param name="Kind">The category.</param>
/// <param name="Message">One line for a person, e.g. "cost became NaN at step 12; try a smaller learning rate".</param>
public sealed record StopReason(StopKind Kind, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => Message;
}
