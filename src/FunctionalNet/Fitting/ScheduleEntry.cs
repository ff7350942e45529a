using System.Collections.Immutable;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Optimization.Scheduling;
using LanguageExt;

namespace FunctionalNet;

/// <summary>
/// A learning-rate schedule in the catalog, stated per epoch, as <see cref="EpochSchedule.Catalog"/> describes it: the
/// given parameters by name become an <see cref="EpochSchedule"/> (<see cref="Create"/>), whose
/// <see cref="EpochSchedule.ToSchedule"/> is the one place its formula lives.
/// </summary>
/// <param name="Name">As options and cards spell it.</param>
/// <param name="Help">One line.</param>
/// <param name="Parameters">Its parameters, in the order <see cref="EpochSchedule"/> takes them.</param>
public sealed record ScheduleEntry(string Name, string Help, ImmutableArray<HyperParameter> Parameters) : CatalogEntry(Name, Help, Parameters)
{
    /// <summary>The entry of <paramref name="description"/>.</summary>
    public static ScheduleEntry Of(ScheduleDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        return new(description.Name, description.Help, description.Parameters);
    }

    /// <summary>The schedule with the <paramref name="given"/> parameters by name (the rest at their defaults), or every problem.</summary>
    public Validation<Error, EpochSchedule> Create(ImmutableSortedDictionary<string, double>? given) =>
        Problems(given, "schedule").ToSeq() is { IsEmpty: false } problems
            ? Validation<Error, EpochSchedule>.Fail(problems)
            : EpochSchedule.Create(Name, [.. Parameters.Select(p => Value(given, p.Name))]);

    /// <summary>
    /// Reads a schedule choice as command lines write it: by name, <c>step(factor=0.5, every=10)</c>, or in
    /// <see cref="EpochSchedule"/>'s positional text, <c>step(0.5, 10)</c> (its canonical <see cref="EpochSchedule.ToString"/>).
    /// Whether the catalog knows the name and parameters is <see cref="MlpOptions.Validate"/>'s to say.
    /// </summary>
    public static Either<Error, ComponentSpec> Parse(string text) =>
        ComponentSpec.Parse(text).BiBind(Prelude.Right<Error, ComponentSpec>,
            named => EpochSchedule.Parse(text).Match(s => Prelude.Right<Error, ComponentSpec>(Spec(s)), _ => named));

    /// <summary>The choice <paramref name="schedule"/> is, every parameter named: converts back by <see cref="Create"/> to an equal schedule.</summary>
    public static ComponentSpec Spec(EpochSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return schedule.Description.Parameters.Select((p, i) => (p.Name, Value: schedule.Values[i]))
            .Aggregate(new ComponentSpec(schedule.Name), (spec, p) => spec.With(p.Name, p.Value));
    }
}
