using System.Collections.Immutable;
using FunctionalNet.Optimization.Scheduling;
using LanguageExt;
using Schedule = FunctionalNet.Optimization.Scheduling.Schedule;

namespace FunctionalNet.Fitting;

/// <summary>
/// A learning-rate schedule in the catalog, stated per epoch: <see cref="PerEpoch"/> builds η(epoch) from the base
/// rate, a parameter lookup and the epoch budget; the plan turns it into the engine's per-step
/// <see cref="Schedule"/> (step t is in epoch ⌊t / steps per epoch⌋). The plateau entry has no schedule of its own:
/// it becomes a <see cref="PlateauPolicy"/>.
/// </summary>
/// <param name="Name">As options and cards spell it.</param>
/// <param name="Help">One line.</param>
/// <param name="Parameters">Its parameters.</param>
/// <param name="PerEpoch">(base rate, lookup, epochs) → η(epoch); null for <c>plateau</c>.</param>
public sealed record ScheduleEntry(string Name, string Help, ImmutableArray<CatalogParameter> Parameters,
    Func<double, Func<string, double>, int, Validation<Error, Schedule>>? PerEpoch) : CatalogEntry(Name, Help, Parameters);
