using System.Numerics;
using FunctionalNet.Data;
using FunctionalNet.Formats;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Training;
using LanguageExt;

namespace FunctionalNet.Examples.Tests;

/// <summary>
/// A rule written outside the library, through its public API only (this assembly sees no internals): sign-SGD,
/// step = −η·sign(g) (Bernstein et al. 2018), chained after clipping by global norm, trained in the engine.
/// </summary>
public sealed class SignSgdTests
{
    /// <summary>Sign-SGD as a user writes it: no state, an in-place kernel over the update.</summary>
    private sealed class SignSgd(double eta) : GradientTransformation
    {
        public override string Name => $"sign-sgd({eta})";

        public override LearningRate? Rate => eta;

        public override void Update<T>(Span<T> update, TransformationBuffers<T> state, ReadOnlySpan<T> parameters)
        {
            T step = T.CreateTruncating(eta);
            foreach (ref T u in update) u = u > T.Zero ? -step : u < T.Zero ? step : T.Zero;
        }
    }

    private const double Eta = 0.01;

    private static readonly Architecture Net = Get(Architecture.Mlp([2, 8, 2], Activation.Tanh, Activation.Softmax, Loss.CrossEntropy, lambda: 1e-3));

    private static readonly UpdateRule Rule = Rules.Chain(Get(Rules.ClipByGlobalNorm(1)), Get(Rules.Custom(new SignSgd(Eta))));

    private static readonly (Dataset Train, Dataset Validation) Data = Split.TrainTest(Generators.Moons(Rng.Create(1), 200, 0.1), 0.25, Rng.Create(2));

    private static readonly Parameters<double> Start = Initializer.Xavier.Initialize<double>(Net, Rng.Create(3));

    private static T Get<T>(Validation<Error, T> value) => value.Match(v => v, e => throw new InvalidOperationException(string.Join("; ", e)));

    private static IEnumerable<TrainingIterate<double>> Fit(TrainingStart<double> start, int epochs, Batching batching) =>
        Get(Train.Fit(Net, Data.Train.ToBatch<double>(Net), Rule, start,
            Get(TrainingOptions.Create(epochs, batching, Rng.Create(4), patience: 5)), Data.Validation.ToBatch<double>(Net)));

    [Fact]
    public void Mini_batch_training_with_patience_lowers_the_cost()
    {
        var trace = Fit(Start, 60, Batching.Shuffled(16)).ToList();
        Assert.True(trace[^1].TrainingCost < 0.7 * trace[0].TrainingCost, $"{trace[0].TrainingCost} → {trace[^1].TrainingCost}");
        Assert.True(trace[^1].ValidationCost < trace[0].ValidationCost, $"{trace[0].ValidationCost} → {trace[^1].ValidationCost}");
        Assert.Equal(Eta, trace[^1].LearningRate);
    }

    [Fact]
    public void Full_batch_steps_equal_the_rules_definition_computed_directly()
    {
        // θ_{k+1} = θ_k − η·sign(clip(∇J(θ_k))), with ∇J from the library's objective; clipping scales by a positive
        // number, so it never changes a sign, but it is applied here as written.
        var objective = Objective.ForNetwork(Net, Data.Train.ToBatch<double>(Net));
        var theta = Start.Flat.ToArray();
        var gradient = new double[theta.Length];
        List<double[]> expected = [theta.ToArray()];
        for (int k = 0; k < 4; k++)
        {
            objective.CostAndGradient(theta, gradient);
            double norm = Math.Sqrt(gradient.Sum(g => g * g)), clip = norm > 1 ? 1 / norm : 1;
            for (int i = 0; i < theta.Length; i++) theta[i] += -Eta * Math.Sign(gradient[i] * clip);
            expected.Add(theta.ToArray());
        }
        var trace = Fit(Start, 4, Batching.Full).ToList();
        Assert.Equal(expected.Select(Bits), trace.Select(i => Bits(i.Parameters.Flat.ToArray())));
    }

    [Fact]
    public void A_run_continued_from_a_saved_mid_run_iterate_gives_the_same_bits_as_the_whole_run()
    {
        var whole = Fit(Start, 12, Batching.Shuffled(16)).ToList();
        Assert.Equal(13, whole.Count);
        var middle = whole[5];
        // The rule's state goes through a checkpoint file's bytes, as a program that stopped and restarted would read it.
        var file = RuleStateFormat.Write(middle.RuleState!).Match(f => f, e => throw new InvalidOperationException(e.Message));
        var state = Safetensors.Read(Safetensors.Write(file)).Bind(f => RuleStateFormat.Read<double>(f, Net.Layout.Count))
            .Match(s => s, e => throw new InvalidOperationException(e.Message));
        var rest = Fit(TrainingStart<double>.ContinueFrom(middle) with { RuleState = state }, 7, Batching.Shuffled(16)).ToList();
        Assert.Equal(whole.Skip(5).Select(Describe), rest.Select(Describe));
    }

    private static string Bits(double[] values) => string.Join(",", values.Select(v => BitConverter.DoubleToInt64Bits(v).ToString("X", System.Globalization.CultureInfo.InvariantCulture)));

    private static string Describe(TrainingIterate<double> i) =>
        $"epoch {i.Epoch} step {i.Step} θ {Bits(i.Parameters.Flat.ToArray())} cost {i.TrainingCost:R} validation {i.ValidationCost:R} stale {i.StaleEpochs} stop {i.Stop?.Kind}";
}
