using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Formats;
using FunctionalNet.Optimization;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Tests.Optimization;
using LanguageExt;

namespace FunctionalNet.Tests.Formats;

/// <summary>
/// Rule and minimizer states survive a trip through safetensors bytes bit for bit, and every malformed file is an
/// error value naming the entry at fault, never an exception.
/// </summary>
public sealed class OptimizerStateFormatTests
{
    [Property(MaxTest = 300)]
    public Property Random_rule_states_round_trip_through_bytes_bit_for_bit() =>
        Prop.ForAll(Arb.From(RuleStates(3)), Arb.From(Gen.Choose(0, 7)), (make, n) =>
        {
            var state = make(n);
            var bytes = Safetensors.Write(RuleStateFormat.Write(state).Match(f => f, e => throw new InvalidOperationException(e.Message)));
            var back = Safetensors.Read(bytes).Bind(f => RuleStateFormat.Read<double>(f, n));
            Assert.Equal(Describe(state), back.Match(Describe, e => e.Message));
        });

    [Property(MaxTest = 200)]
    public Property Float32_rule_states_round_trip_as_F32_bit_for_bit_and_are_refused_as_float64() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), Arb.From(Gen.Choose(1, 9)), (seed, n) =>
        {
            // Any finite float bits (subnormals and −0 included) must come back exactly, in an F32 tensor.
            ImmutableArray<float> Vector(int k) => [.. Enumerable.Range(0, n).Select(i => Finite32(Mix(seed, k * 16 + i)))];
            RuleState state = new ChainState([new AdamState<float>(seed % 1000, Vector(0), Vector(1)), new TraceState<float>(Vector(2)),
                new SquaresState<float>(Vector(3)), new RpropState<float>(Vector(4), Vector(5)), new CountState(seed)]);
            var file = RuleStateFormat.Write(state).Match(f => f, e => throw new InvalidOperationException(e.Message));
            Assert.All(file.Tensors, t => Assert.Equal(TensorDtype.F32, t.Dtype));
            var back = Safetensors.Read(Safetensors.Write(file)).Bind(f => RuleStateFormat.Read<float>(f, n));
            Assert.Equal(Describe(state), back.Match(Describe, e => e.Message));
            Assert.Contains("expected F64", RuleStateFormat.Read<double>(file, n).Match(_ => "read without error", e => e.Message), StringComparison.Ordinal);
        });

    [Fact]
    public void Minimizer_states_from_real_runs_round_trip_bit_for_bit()
    {
        var (objective, start, _) = MinimizerConvergenceTestsProblem();
        foreach (var minimizer in new[] { Minimizer.ConjugateGradient().Get(), Minimizer.Lbfgs(memory: 3).Get(), Minimizer.TruncatedNewton().Get() })
        {
            foreach (var state in minimizer.Minimize(objective, [.. start], statesEvery: 1).Take(25).Select(i => i.State!))
            {
                var back = Safetensors.Read(Safetensors.Write(MinimizerStateFormat.Write(state))).Bind(f => MinimizerStateFormat.Read(f, start.Length));
                Assert.Equal(Describe(state), back.Match(Describe, e => e.Message));
            }
        }
    }

    public static TheoryData<string, string> Damage => new()
    {
        { "drop:0.nu", "no tensor '0.nu'" },
        { "nan:0.mu", "'0.mu' holds NaN at index 1" },
        { "f32:1.velocity", "'1.velocity' is F32, expected F64" },
        { "meta:0.type=lamb", "'0.type' is 'lamb', expected one of" },
        { "meta:0.count=-3", "metadata '0.count' is '-3'" },
        { "meta:length=100", "metadata 'length' is '100', expected an integer from 0 to 64" },
        { "meta:format=other", "format is 'other'" },
        { "meta:extra=1", "unexpected entry '__metadata__.extra'" },
        { "shape:0.mu", "'0.mu' has shape [2, 2], expected [4]" },
    };

    [Theory]
    [MemberData(nameof(Damage))]
    public void A_damaged_rule_state_file_is_an_error_naming_the_entry(string damage, string expected)
    {
        var state = new ChainState([new AdamState<double>(3, [1.0, 2, 3, 4], [0.1, 0.2, 0.3, 0.4]), new TraceState<double>([5.0, 6, 7, 8])]);
        var file = RuleStateFormat.Write(state).Match(f => f, e => throw new InvalidOperationException(e.Message));
        var (how, what) = (damage.Split(':')[0], damage.Split(':')[1]);
        var damaged = how switch
        {
            "drop" => file with { Tensors = file.Tensors.RemoveAll(t => t.Name == what) },
            "nan" => file with { Tensors = file.Tensors.Select(t => t.Name == what ? t with { Values = t.Values.SetItem(1, double.NaN) } : t).ToImmutableArray() },
            "f32" => file with { Tensors = file.Tensors.Select(t => t.Name == what ? t with { Dtype = TensorDtype.F32 } : t).ToImmutableArray() },
            "shape" => file with { Tensors = file.Tensors.Select(t => t.Name == what ? t with { Shape = [2, 2] } : t).ToImmutableArray() },
            _ => file with { Metadata = file.Metadata.SetItem(what.Split('=')[0], what.Split('=')[1]) },
        };
        var read = Safetensors.Read(Safetensors.Write(damaged)).Bind(f => RuleStateFormat.Read<double>(f, 4));
        Assert.Contains(expected, read.Match(_ => "read without error", e => e.Message), StringComparison.Ordinal);
    }

    [Fact]
    public void A_state_of_the_wrong_length_is_refused()
    {
        var file = RuleStateFormat.Write(new SquaresState<double>([1.0, 2.0])).Match(f => f, e => throw new InvalidOperationException(e.Message));
        Assert.Contains("has shape [2], expected [3]", RuleStateFormat.Read<double>(file, 3).Match(_ => "", e => e.Message), StringComparison.Ordinal);
        var cg = new ConjugateGradientState(1, [1.0, 2.0], 0.5, [0.0, 0.1], 4, [0.2, 0.3], 0.7, 1);
        Assert.Contains("'point' has shape [2], expected [5]", MinimizerStateFormat.Read(MinimizerStateFormat.Write(cg), 5).Match(_ => "", e => e.Message), StringComparison.Ordinal);
    }

    [Fact]
    public void A_custom_rule_state_cannot_be_saved_and_says_so()
    {
        var error = RuleStateFormat.Write(new ChainState([EmptyState.Instance, new CustomState()]));
        Assert.Contains("CustomState has no file format", error.Match(_ => "", e => e.Message), StringComparison.Ordinal);
    }

    [Property(MaxTest = 2000)]
    public Property Flipped_bytes_in_a_state_file_give_a_value_or_an_error_never_an_exception()
    {
        var bytes = Safetensors.Write(RuleStateFormat.Write(new ChainState([new AdamState<double>(3, [1.0, 2], [3.0, 4]), new RpropState<double>([1.0, 1], [0.0, 2])]))
            .Match(f => f, e => throw new InvalidOperationException(e.Message)));
        return Prop.ForAll(Arb.From(Gen.Choose(0, bytes.Length - 1)), Arb.From(Gen.Choose(0, 255)), (at, value) =>
        {
            var damaged = (byte[])bytes.Clone();
            damaged[at] = (byte)value;
            _ = Safetensors.Read(damaged).Bind(f => RuleStateFormat.Read<double>(f, 2)).Match(_ => 0, _ => 1);
        });
    }

    private sealed record CustomState : RuleState;

    private static (Objective, double[], double[]) MinimizerConvergenceTestsProblem() =>
        MinimizerConvergenceTests.Problem("rosenbrock-10");

    /// <summary>Random state shapes as functions of the parameter count, nesting chains up to <paramref name="depth"/>.</summary>
    private static Gen<Func<int, RuleState>> RuleStates(int depth)
    {
        var vector = Gen.Choose(0, int.MaxValue).Select(seed => (Func<int, ImmutableArray<double>>)(n =>
            [.. Enumerable.Range(0, n).Select(i => BitConverter.Int64BitsToDouble(Mix(seed, i)))]));
        var leaves = Gen.OneOf(
            Gen.Constant<Func<int, RuleState>>(_ => EmptyState.Instance),
            Gen.Choose(0, int.MaxValue).Select(c => (Func<int, RuleState>)(_ => new CountState(c))),
            vector.Select(v => (Func<int, RuleState>)(n => new TraceState<double>(v(n)))),
            from c in Gen.Choose(0, 1000) from mu in vector from nu in vector select (Func<int, RuleState>)(n => new AdamState<double>(c, mu(n), nu(n))),
            vector.Select(v => (Func<int, RuleState>)(n => new SquaresState<double>(v(n)))),
            from a in vector from b in vector select (Func<int, RuleState>)(n => new RpropState<double>(a(n), b(n))));
        return depth == 0
            ? leaves
            : Gen.OneOf(leaves, Gen.ListOf(RuleStates(depth - 1)).Select(parts => (Func<int, RuleState>)(n =>
                new ChainState([.. parts.Take(4).Select(p => p(n))]))));
    }

    // Any finite double, subnormals and −0 included: the bits must come back exactly.
    private static long Mix(int seed, int i)
    {
        ulong z = (ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)i * 0xBF58476D1CE4E5B9UL;
        z ^= z >> 31;
        long bits = (long)(z * 0x94D049BB133111EBUL);
        return double.IsFinite(BitConverter.Int64BitsToDouble(bits)) ? bits : bits & ~(0x7FFL << 52);
    }

    private static string Describe(RuleState s) => s switch
    {
        ChainState c => "chain[" + string.Join(";", c.States.Select(Describe)) + "]",
        AdamState<double> a => $"adam {a.Count} {Bits(a.Mu)} {Bits(a.Nu)}",
        TraceState<double> t => $"trace {Bits(t.Velocity)}",
        SquaresState<double> q => $"squares {Bits(q.Nu)}",
        RpropState<double> r => $"rprop {Bits(r.StepSizes)} {Bits(r.PreviousGradient)}",
        AdamState<float> a => $"adam {a.Count} {Bits(a.Mu)} {Bits(a.Nu)}",
        TraceState<float> t => $"trace {Bits(t.Velocity)}",
        SquaresState<float> q => $"squares {Bits(q.Nu)}",
        RpropState<float> r => $"rprop {Bits(r.StepSizes)} {Bits(r.PreviousGradient)}",
        CountState c => $"count {c.Count}",
        _ => s.GetType().Name,
    };

    private static string Describe(MinimizerState s) =>
        $"{s.GetType().Name} {s.Iteration} {s.Evaluations} {Bits([s.Cost])} {Bits(s.Point)} {Bits(s.Gradient)} " + s switch
        {
            ConjugateGradientState cg => $"{cg.SinceRestart} {Bits([cg.PreviousCost])} {Bits(cg.Direction)}",
            QuasiNewtonState qn => string.Join(";", qn.Pairs.Select(p => $"{Bits(p.S)} {Bits(p.Y)} {Bits([p.Rho])}")),
            _ => "",
        };

    private static float Finite32(long bits)
    {
        float value = BitConverter.Int32BitsToSingle((int)bits);
        return float.IsFinite(value) ? value : BitConverter.Int32BitsToSingle((int)bits & ~(0xFF << 23));
    }

    private static string Bits(ImmutableArray<float> values) => "f32:" + string.Join(",", values.Select(v => BitConverter.SingleToInt32Bits(v).ToString("X", System.Globalization.CultureInfo.InvariantCulture)));

    private static string Bits(ImmutableArray<double> values) => string.Join(",", values.Select(v => BitConverter.DoubleToInt64Bits(v).ToString("X", System.Globalization.CultureInfo.InvariantCulture)));
}
