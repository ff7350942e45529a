using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FunctionalNet.Optimization.UpdateRules;

namespace FunctionalNet.Tests.Fitting;

/// <summary>Valid <see cref="MlpOptions"/> drawn over the whole catalog: every optimizer, schedule, activation and initializer.</summary>
internal static class RandomOptions
{
    public static Arbitrary<MlpOptions> Valid() => Gen.Choose(0, int.MaxValue).Select(seed => Draw(new Random(seed))).ToArbitrary();

    public static MlpOptions Draw(Random r)
    {
        var optimizer = Catalog.Optimizers[r.Next(Catalog.Optimizers.Length)];
        var layers = Enumerable.Range(0, r.Next(0, 3)).Select(_ => r.Next(1, 20)).ToImmutableArray();
        var spec = new ComponentSpec(optimizer.Name);
        foreach (var p in optimizer.Parameters.Where(_ => r.Next(2) == 0)) spec = spec.With(p.Name, Inside(p, r));
        var schedules = optimizer.IsMinimizer ? [Catalog.Schedules[0]] : Catalog.Schedules.Where(s => s.Name is not ("warmup-cosine" or "one-cycle")).ToArray();
        var schedule = schedules[r.Next(schedules.Length)];
        var scheduleSpec = new ComponentSpec(schedule.Name);
        foreach (var p in schedule.Parameters.Where(_ => r.Next(2) == 0)) scheduleSpec = scheduleSpec.With(p.Name, Inside(p, r));
        var hidden = Catalog.Activations.Where(a => a.Placement == Placement.Anywhere).Select(a => a.Name).ToArray();
        return new MlpOptions
        {
            Layers = layers,
            Activations = layers.Length > 1 && r.Next(2) == 0 ? [.. layers.Select(_ => hidden[r.Next(hidden.Length)])] : [hidden[r.Next(hidden.Length)]],
            Output = r.Next(2) == 0 ? null : "softmax",
            L2 = r.Next(3) * 0.001,
            Optimizer = spec,
            Schedule = scheduleSpec,
            ClipNorm = optimizer.IsMinimizer || r.Next(2) == 0 ? null : 0.5 + r.NextDouble(),
            ClipValue = optimizer.IsMinimizer || r.Next(2) == 0 ? null : 0.5 + r.NextDouble(),
            BatchSize = r.Next(3) == 0 ? null : r.Next(0, 50),
            Epochs = r.Next(1, 400),
            Patience = r.Next(0, 20),
            Tolerance = r.NextDouble() * 1e-3,
            ValidationFraction = r.Next(2) * 0.2,
            RestoreBest = r.Next(2) == 0,
            EpochCost = r.Next(2) == 0 ? "exact" : "running-mean",
            Dtype = r.Next(2) == 0 ? "float32" : "float64",
            Seed = (ulong)r.NextInt64(),
            Init = Catalog.Initializers[r.Next(Catalog.Initializers.Length)].Name,
            ClassWeights = r.Next(3) == 0 ? ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [new KeyValuePair<string, double>("a", r.NextDouble())]) : null,
            Dropout = optimizer.IsMinimizer || layers.IsEmpty || r.Next(2) == 0 ? [] : [r.NextDouble() * 0.9],
            Scaler = new[] { "none", "minmax", "standard" }[r.Next(3)],
        };
    }

    // A value inside the parameter's range, never on an excluded bound.
    internal static double Inside(HyperParameter p, Random r)
    {
        double low = p.Range.Lower, high = Math.Min(p.Range.Upper, low + 10);
        double v = low + (high - low) * (0.05 + 0.9 * r.NextDouble());
        return p.IsInteger ? Math.Max(low, Math.Floor(v)) : v;
    }
}
