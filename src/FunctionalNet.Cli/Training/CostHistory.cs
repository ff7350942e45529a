using System.Collections.Immutable;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// Training and validation cost of each recorded epoch (<see cref="Every"/>th, from epoch <see cref="Every"/>), as a
/// checkpoint saves and restores them (a run grows them in a <see cref="CostBuffer"/>).
/// </summary>
internal sealed record CostHistory(ImmutableList<double> Training, ImmutableList<double> Validation)
{
    public static CostHistory Empty { get; } = new([], []);

    /// <summary>The run's <c>--history-every</c>: the costs are those of epochs N, 2N, …; 1, every epoch's.</summary>
    public int Every { get; init; } = 1;
}
