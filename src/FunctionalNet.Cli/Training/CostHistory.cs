using System.Collections.Immutable;

namespace FunctionalNet.Cli.Training;

/// <summary>Training and validation cost per epoch from epoch 1, as a checkpoint saves and restores them (a run grows them in a <see cref="CostBuffer"/>).</summary>
internal sealed record CostHistory(ImmutableList<double> Training, ImmutableList<double> Validation)
{
    public static CostHistory Empty { get; } = new([], []);
}
