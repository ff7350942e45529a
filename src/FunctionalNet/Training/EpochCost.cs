namespace FunctionalNet.Training;

/// <summary>What the training cost of each epoch's iterate is.</summary>
public enum EpochCost
{
    /// <summary>
    /// J(θ) on the whole training set at the epoch's end, by a forward pass (no gradient). With full batches it comes free
    /// with the next step's gradient.
    /// </summary>
    Exact,

    /// <summary>
    /// The mean of the epoch's mini-batch costs, each at the parameters before its step, weighted by rows (what
    /// scikit-learn's <c>loss_curve_</c> reports). No extra pass; with full batches it equals <see cref="Exact"/>.
    /// </summary>
    RunningMean,

    /// <summary>Nothing is computed (the cost is NaN): for timing runs. Early stopping and restore-best then need a validation set.</summary>
    None,
}
