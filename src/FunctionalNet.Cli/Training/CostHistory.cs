using System.Collections.Immutable;

namespace FunctionalNet.Cli.Training;

/// <summary>Training and validation cost per epoch from epoch 1 (persistent lists: adding is O(log n), not a copy).</summary>
internal sealed record CostHistory(ImmutableList<double> Training, ImmutableList<double> Validation)
{
    public static CostHistory Empty { get; } = new([], []);

    public CostHistory Add(double training, double? validation) =>
        new(Training.Add(training), validation is { } v ? Validation.Add(v) : Validation);
}
