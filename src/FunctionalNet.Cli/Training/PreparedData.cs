using System.Collections.Immutable;
using FunctionalNet.Data;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// The raw training and test parts of a run. The library's plan (<c>Classifier.Plan</c>, <c>Regressor.Plan</c>) holds
/// out the validation part from <see cref="Train"/>, weighs its classes and fits the scalers the model keeps.
/// </summary>
internal sealed record PreparedData(Dataset Train, Dataset Test)
{
    /// <summary>The preprocessing fitted on a raw table's training rows, saved in the card; null for numeric data.</summary>
    public Data.Preprocessing.TablePreprocessing? Table { get; init; }

    /// <summary>One line saying what the table's preprocessing inferred, or null.</summary>
    public string? TableNote { get; init; }

    /// <summary>Class names; empty for a regression.</summary>
    public ImmutableArray<string> Classes => Train.Targets is ClassTargets c ? c.ClassNames : [];

    /// <summary>True when the targets are real values.</summary>
    public bool IsRegression => Train.Targets is ValueTargets;

    /// <summary>The regression's target names; empty for a classification.</summary>
    public ImmutableArray<string> TargetNames => Train.Targets is ValueTargets v ? v.Names : [];

    /// <summary>The network's output width: one unit per class or per target.</summary>
    public int Outputs => IsRegression ? TargetNames.Length : Classes.Length;
}
