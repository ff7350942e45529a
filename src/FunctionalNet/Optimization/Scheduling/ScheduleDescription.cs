using System.Collections.Immutable;
using FunctionalNet.Optimization.UpdateRules;

namespace FunctionalNet.Optimization.Scheduling;

/// <summary>One per-epoch schedule as the catalog lists it (<see cref="EpochSchedule.Catalog"/>).</summary>
/// <param name="Name">The name in text (<c>warmup-cosine</c>).</param>
/// <param name="Help">What the rate does over the run, in a line.</param>
/// <param name="Parameters">Its parameters in the order the text gives them, with defaults and ranges.</param>
public sealed record ScheduleDescription(string Name, string Help, ImmutableArray<HyperParameter> Parameters)
{
    /// <summary>The text form with the parameters' names, e.g. <c>step(factor, every)</c>, for help texts.</summary>
    public string Usage => Parameters.IsEmpty ? Name : $"{Name}({string.Join(", ", Parameters.Select(p => p.Name))})";
}
