using System.Collections.Immutable;
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Data;
using FunctionalNet.Formats;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Tests.Support;
using FunctionalNet.Training;

namespace FunctionalNet.Tests.Optimization;

/// <summary>
/// Rules written by users (<see cref="GradientTransformation"/>) are checked when built, train in the engine in both
/// precisions, continue bit for bit through a checkpoint file, are told apart from other rules' states, and step without
/// allocating.
/// </summary>
public sealed class CustomRuleTests
{
    private sealed class Named(string name, params string[] vectors) : GradientTransformation
    {
        public override string Name => name;

        public override ImmutableArray<string> StateVectors => [.. vectors];

        public override void Update<T>(Span<T> update, TransformationBuffers<T> state, ReadOnlySpan<T> parameters)
        {
        }
    }

    [Fact]
    public void A_blank_name_and_bad_or_repeated_vector_names_are_errors_naming_the_problem()
    {
        Assert.Equal(["custom.name"], Rules.Custom(new Named(" ")).Errors().Select(e => e.Code));
        var dotted = Rules.Custom(new Named("r", "a.b")).Errors();
        Assert.Equal(["custom.state-vectors"], dotted.Select(e => e.Code));
        Assert.Contains("'a.b'", dotted[0].Message, StringComparison.Ordinal);
        Assert.Contains("'v' appears 2 times", Rules.Custom(new Named("r", "v", "w", "v")).Errors().Single().Message, StringComparison.Ordinal);
        Assert.Equal(["custom.name", "custom.state-vectors"], Rules.Custom(new Named("", "")).Errors().Select(e => e.Code));
        Assert.Equal("r", Rules.Custom(new Named("r", "v", "w_2", "x-y")).Get().Name);
    }

    [Fact]
    public void Init_starts_from_the_rules_own_values_and_another_rules_state_is_refused()
    {
        var lion = Rules.Custom(new LionLike(0.1)).Get();
        var state = (CustomState<float>)lion.Init<float>(3);
        Assert.Equal(0, state.Count);
        Assert.Equal(["momentum", "scale"], state.Names.ToArray());
        Assert.Equal([0f, 0, 0], state.Vector("momentum").ToArray());
        Assert.Equal([1f, 1, 1], state.Vector("scale").ToArray());
        Assert.Null(lion.StateProblem<float>(state, 3));
        Assert.Contains("expected CustomState<Single>", lion.StateProblem<float>(Rules.Adam(0.1).Get().Init<float>(3), 3), StringComparison.Ordinal);
        Assert.Contains("expected CustomState<Double>", lion.StateProblem<double>(state, 3), StringComparison.Ordinal);
        Assert.Contains("vectors of 3 entries, expected 4", lion.StateProblem<float>(state, 4), StringComparison.Ordinal);
        var other = Rules.Custom(new Named("other", "momentum", "trace")).Get();
        Assert.Equal("state holds the vectors [momentum, scale], expected [momentum, trace]", other.StateProblem<float>(state, 3));
    }

    /// <summary>Random settings of the engine with a custom rule chained after clipping; half of them in float32.</summary>
    [Property(MaxTest = 40)]
    public Property A_run_continued_from_a_checkpoint_file_of_its_custom_state_ends_where_the_whole_run_does() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), Gen.Choose(1, 9).ToArbitrary(), Gen.Choose(2, 6).ToArbitrary(), (seed, batch, epochs) =>
        {
            if (seed % 2 == 0) Continues<double>(seed, batch, epochs);
            else Continues<float>(seed, batch, epochs);
        });

    private static void Continues<T>(int seed, int batch, int epochs) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var c = RandomNetworks.Build(Activation.Tanh, Activation.Sigmoid, Loss.BinaryCrossEntropy, 3, [5], 2, 20, true, seed);
        var rule = Rules.Chain(Rules.ClipByGlobalNorm(2).Get(), Rules.Custom(new LionLike(0.05)).Get());
        var data = new Batch<T>(c.Batch.Features.Convert<T>(), c.Batch.Targets.Convert<T>());
        var options = TrainingOptions.Create(epochs, Batching.Shuffled(batch), Rng.Create((ulong)seed), patience: 3).Get();
        var whole = Train.Fit(c.Architecture, data, rule, c.Parameters.Convert<T>(), options).Get().ToList();
        int cut = 1 + seed % (whole.Count - 2); // patience 3 and ≥ 2 epochs: at least 3 iterates
        var half = whole[cut];

        // The state goes through the checkpoint file's bytes, as fnet's --checkpoint-every and --resume do.
        var file = RuleStateFormat.Write(half.RuleState!).Match(f => f, e => throw new InvalidOperationException(e.Message));
        var state = Safetensors.Read(Safetensors.Write(file)).Bind(f => RuleStateFormat.Read<T>(f, c.Architecture.Layout.Count))
            .Match(s => s, e => throw new InvalidOperationException(e.Message));
        var more = TrainingOptions.Create(epochs - cut, Batching.Shuffled(batch), Rng.Create((ulong)seed), patience: 3).Get();
        var rest = Train.Fit(c.Architecture, data, rule, TrainingStart<T>.ContinueFrom(half) with { RuleState = state }, more).Get().ToList();

        string Print(TrainingIterate<T> i) =>
            $"{i.Epoch} {i.Step} {string.Join(",", RuleRunProperties.Bits(i.Parameters.Flat))} {RuleRunProperties.Describe<T>(i.RuleState)} {i.StaleEpochs} {i.Stop?.Kind}";
        Assert.Equal(whole.Skip(cut).Select(Print), rest.Select(Print));
        Assert.True(whole[^1].TrainingCost < whole[0].TrainingCost, $"{rule} on {c}: {whole[0].TrainingCost} → {whole[^1].TrainingCost}");
        Assert.Equal(0.05, whole[1].LearningRate); // the transformation's Rate, as reports show it
    }

    [Fact]
    public void Float32_custom_states_are_stored_as_F32_and_a_damaged_vector_list_is_an_error()
    {
        var state = new CustomState<float>(7, ["momentum", "scale"], [[1.5f, -0f, float.Epsilon], [3, 4, 5]]);
        var file = RuleStateFormat.Write(new ChainState([state, EmptyState.Instance])).Match(f => f, e => throw new InvalidOperationException(e.Message));
        Assert.All(file.Tensors, t => Assert.Equal(TensorDtype.F32, t.Dtype));
        Assert.Equal(["0.momentum", "0.scale"], file.Tensors.Select(t => t.Name));
        var back = (ChainState)RuleStateFormat.Read<float>(file, 3).Match(s => s, e => throw new InvalidOperationException(e.Message));
        Assert.Equal(RuleRunProperties.Describe<float>(state), RuleRunProperties.Describe<float>(back.States[0]));

        string Damaged(string vectors) => RuleStateFormat.Read<float>(file with { Metadata = file.Metadata.SetItem("0.vectors", vectors) }, 3)
            .Match(_ => "read without error", e => e.Message);
        Assert.Contains("state vector name 'mo.mentum' must be letters", Damaged("mo.mentum,scale"), StringComparison.Ordinal);
        Assert.Contains("no tensor '0.velocity'", Damaged("velocity,scale"), StringComparison.Ordinal);
        Assert.Contains("unexpected entry '0.scale'", Damaged("momentum"), StringComparison.Ordinal);
    }

    [Fact]
    public void Steady_state_steps_of_a_custom_rule_allocate_nothing()
    {
        var c = RandomNetworks.Build(Activation.Relu, Activation.Softmax, Loss.CrossEntropy, 4, [16], 3, 400, true, 5);
        var rule = Rules.Chain(Rules.ClipByValue(1).Get(), Rules.Custom(new LionLike(1e-3)).Get(), Rules.Custom(new SignOf()).Get(), Rules.Sgd(0.01).Get());
        long Allocated(int steps)
        {
            var options = TrainingOptions.Create(1, Batching.WithReplacement(steps), Rng.Create(3), epochCost: EpochCost.None).Get();
            var trace = Train.Fit(c.Architecture, c.Batch, rule, c.Parameters, options).Get();
            foreach (var _ in trace) { }
            long before = GC.GetAllocatedBytesForCurrentThread();
            foreach (var _ in trace) { }
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        var (forty, eighty) = SteadyAllocation.Counts(() => (Allocated(40), Allocated(80)));
        Assert.Equal(forty, eighty);
    }
}
