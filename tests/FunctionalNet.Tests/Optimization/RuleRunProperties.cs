using System.Collections.Immutable;
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FunctionalNet.Kernels;
using FunctionalNet.Optimization.Scheduling;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Tests.Support;

namespace FunctionalNet.Tests.Optimization;

/// <summary>
/// The engine's in-place path (<see cref="RuleRun{T}"/>) and the pure path (<see cref="UpdateRule.Update{T}"/> then
/// <see cref="UpdateRule.Apply{T}"/>) give the same bits, θ and state, for every rule, precision and plateau multiplier,
/// user-written <see cref="GradientTransformation"/>s alone and chained with the built-ins included.
/// </summary>
public sealed class RuleRunProperties
{
    /// <summary>Every rule the library builds, plus clipping, decoupled decay and schedules in chains.</summary>
    private static UpdateRule Rule(string name) => name switch
    {
        "clip-norm+sgd" => Rules.Chain(Rules.ClipByGlobalNorm(0.5).Get(), Rules.Sgd(0.1).Get()),
        "clip-value+sgd" => Rules.Chain(Rules.ClipByValue(0.05).Get(), Rules.Sgd(0.1).Get()),
        "decay+momentum" => Rules.Chain(Rules.DecoupledWeightDecay(0.05).Get(), Rules.Momentum(0.1).Get()),
        "clip+decay+lr" => Rules.Chain(Rules.ClipByGlobalNorm(1).Get(), Rules.DecoupledWeightDecay(0.01).Get(), Rules.ScaleByLearningRate(0.3).Get()),
        "adam-cosine" => Rules.Adam(Schedules.Cosine(0.01, 7, 1e-4).Get()).Get(),
        "sgd-exponential" => Rules.Sgd(Schedules.Exponential(0.2, 0.7, 2).Get()).Get(),
        "adamw-warmup" => Rules.AdamW(Schedules.Warmup(3, Schedules.Constant(0.02).Get()).Get(), 0.1).Get(),
        "identity" => Rules.Chain(),
        "custom-lion" => Rules.Custom(new LionLike(0.02)).Get(),
        "clip+custom-sign+lr" => Rules.Chain(Rules.ClipByGlobalNorm(0.5).Get(), Rules.Custom(new SignOf()).Get(), Rules.ScaleByLearningRate(Schedules.Cosine(0.01, 7, 1e-4).Get()).Get()),
        "custom-lion+adam" => Rules.Chain(Rules.Custom(new LionLike(1)).Get(), Rules.Adam(1e-3).Get()),
        _ => Rules.ByName(name, 0.03).Get(),
    };

    public static TheoryData<string> Names() =>
        [.. Rules.Names, "clip-norm+sgd", "clip-value+sgd", "decay+momentum", "clip+decay+lr", "adam-cosine", "sgd-exponential", "adamw-warmup", "identity", "custom-lion", "clip+custom-sign+lr", "custom-lion+adam"];

    [Theory]
    [MemberData(nameof(Names))]
    public void In_place_steps_equal_pure_updates_bit_for_bit_in_float64(string name) => Check<double>(name);

    [Theory]
    [MemberData(nameof(Names))]
    public void In_place_steps_equal_pure_updates_bit_for_bit_in_float32(string name) => Check<float>(name);

    /// <summary>Random lengths (across the SIMD width and its tails), gradients, step counts and multipliers.</summary>
    private static void Check<T>(string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rule = Rule(name);
        // Multiplier 1 takes the engine's fused θ += scale·u branch; anything else the plateau branch.
        var multipliers = Gen.OneOf(Gen.Constant(1.0), Gen.Elements(0.2, 0.04), Gen.Choose(1, 999).Select(i => i / 1000.0));
        var cases = from n in Gen.Choose(0, 70)
                    from k in Gen.Choose(1, 12)
                    from seed in Gen.Choose(0, int.MaxValue)
                    from magnitude in Gen.Elements(1e-3, 1.0, 30.0)
                    from multiplier in multipliers
                    select (n, k, seed, magnitude, multiplier);
        Properties.Check(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (n, k, seed, magnitude, multiplier) = c;
            var rng = Rng.Create((ulong)seed);
            var start = Vector<T>(rng.Fork(0), n, 1, zeros: false);

            var theta = start;
            var state = rule.Init(theta);
            var run = new RuleRun<T>(rule, rule.Init<T>(n));
            var working = start.ToArray();
            for (int step = 0; step < k; step++)
            {
                // Some exact zeros and repeated signs exercise Rprop's and clipping's branches.
                var g = Vector<T>(rng.Fork(1 + (ulong)step), n, magnitude, zeros: true);
                (var delta, state) = rule.Update(g, state, theta);
                theta = UpdateRule.Apply(theta, delta, multiplier);
                var scratch = g.ToArray();
                run.Step(scratch, working, multiplier);
            }
            string where = $"{rule} in {typeof(T).Name}, n = {n}, {k} steps, |g| ~ {magnitude}, multiplier {multiplier}, seed {seed}";
            Assert.True(Bits(theta.AsSpan()).SequenceEqual(Bits(working)), $"θ differs: {where}");
            Assert.Equal(Describe<T>(state), Describe<T>(run.Snapshot()));
        }), cases: 60);
    }

    private static ImmutableArray<T> Vector<T>(Rng rng, int n, double magnitude, bool zeros) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = new double[n];
        rng.FillNormal<double>(values, 0, magnitude);
        if (zeros)
            for (int i = 0; i < n; i++)
                if (rng.Fork(7).Uniform((ulong)i) < 0.1) values[i] = 0;
        return [.. values.Select(T.CreateTruncating)];
    }

    internal static long[] Bits<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // float → double is exact, so the double's bits identify the float's (−0 and subnormals included).
        var bits = new long[values.Length];
        for (int i = 0; i < values.Length; i++) bits[i] = BitConverter.DoubleToInt64Bits(double.CreateTruncating(values[i]));
        return bits;
    }

    /// <summary>A state as text with every counter and the bits of every vector, so equal text means equal states.</summary>
    internal static string Describe<T>(RuleState? state) where T : unmanaged, IFloatingPointIeee754<T> => state switch
    {
        null => "none",
        ChainState c => "chain[" + string.Join(";", c.States.Select(Describe<T>)) + "]",
        AdamState<T> a => $"adam {a.Count} {Text(a.Mu)} {Text(a.Nu)}",
        TraceState<T> t => $"trace {Text(t.Velocity)}",
        SquaresState<T> s => $"squares {Text(s.Nu)}",
        RpropState<T> r => $"rprop {Text(r.StepSizes)} {Text(r.PreviousGradient)}",
        CountState c => $"count {c.Count}",
        CustomState<T> c => $"custom {c.Count} {string.Join("/", c.Names)} {string.Join(" ", c.Vectors.Select(Text))}",
        EmptyState => "empty",
        _ => throw new InvalidOperationException($"unexpected state {state.GetType()}"),
    };

    private static string Text<T>(ImmutableArray<T> values) where T : unmanaged, IFloatingPointIeee754<T> =>
        string.Join(",", Bits(values.AsSpan()).Select(b => b.ToString("X", System.Globalization.CultureInfo.InvariantCulture)));
}
