namespace FunctionalNet.Cli.Training;

/// <summary>
/// The cost history as a run grows it: an epoch's costs are appended in place (amortised O(1), no allocation) where a
/// persistent list allocated its path of nodes every epoch; a <see cref="CostHistory"/> is made only when a checkpoint
/// or the outcome asks, which copies the history anyway.
/// </summary>
internal sealed class CostBuffer(CostHistory start)
{
    private readonly List<double> training = [.. start.Training];
    private readonly List<double> validation = [.. start.Validation];

    /// <summary>One epoch's costs; the validation cost only when there is one.</summary>
    public void Add(double trainingCost, double? validationCost)
    {
        training.Add(trainingCost);
        if (validationCost is { } v) validation.Add(v);
    }

    /// <summary>Training costs so far, from epoch 1.</summary>
    public IReadOnlyList<double> Training => training;

    /// <summary>Validation costs so far, from epoch 1.</summary>
    public IReadOnlyList<double> Validation => validation;

    /// <summary>The history so far as the persistent value checkpoints save.</summary>
    public CostHistory ToHistory() => new([.. training], [.. validation]);
}
