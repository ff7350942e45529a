using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.InteropServices;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Kernels;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Tensors;
using FunctionalNet.Tests.Optimization;
using FunctionalNet.Tests.Support;
using FunctionalNet.Training;

namespace FunctionalNet.Tests.Training;

/// <summary>
/// The fused one-sample SGD step (<see cref="SampleStep{T}"/>) against the generic path it replaces — the gradient by
/// backpropagation, then the rule — over random shapes (widths around the vector lengths, so padded and tail lanes are
/// exercised), activations, losses, L2 terms, rates, rate multipliers and both precisions. The fused step rounds every
/// element as the generic path does, so the comparison is bit for bit (which implies any relative tolerance).
/// </summary>
public sealed class SampleStepProperties
{
    /// <summary>One random one-sample SGD problem.</summary>
    public sealed record Case(int Seed, Activation Hidden, Loss Loss, Activation Output, int Inputs, int[] Widths, int Outputs, int Rows,
        bool WithL2, bool InFloat, double Rate, bool Scheduled, bool ShuffledOnes, int Steps, int Epochs)
    {
        internal NetworkCase Network => RandomNetworks.Build(Hidden, Output, Loss, Inputs, Widths, Outputs, Rows, WithL2, Seed);

        // Both rules that only scale by the rate: sgd, and a bare scale-by-learning-rate, constant or scheduled.
        public UpdateRule Rule
        {
            get
            {
                LearningRate rate = Scheduled ? (LearningRate)(FunctionalNet.Optimization.Scheduling.Schedule)(t => Rate / (1 + 0.1 * t)) : Rate;
                return (Seed % 2 == 0 ? Rules.Sgd(rate) : Rules.ScaleByLearningRate(rate)).Match(r => r, e => throw new InvalidOperationException(e.Head.Message));
            }
        }

        public Batching Batching => ShuffledOnes ? Batching.Shuffled(1) : Batching.WithReplacement(Steps);

        public override string ToString() =>
            $"{Inputs}-{string.Join('-', Widths)}-{Outputs} {Hidden}/{Output} {Loss} L2 {WithL2} {(InFloat ? "float" : "double")} rate {Rate}{(Scheduled ? " scheduled" : "")} " +
            $"{Batching} × {Epochs} epochs on {Rows} rows, seed {Seed}";
    }

    private static readonly Activation[] Hiddens = [Activation.Tanh, Activation.Sigmoid, Activation.Relu, Activation.LeakyRelu(0.1), Activation.Elu(1.0), Activation.Identity];

    // 130 and 200 take the first layer's register blocks (RankOneBlocks) past one block of eight vectors, with a remainder.
    private static readonly Gen<int> Widths = Gen.OneOf(Gen.Choose(1, 20), Gen.Choose(30, 40), Gen.Elements(63, 64, 65, 100, 130, 200));

    private static readonly Gen<Case> Cases =
        from seed in Gen.Choose(0, int.MaxValue)
        from hidden in Gen.Elements(Hiddens)
        from loss in Gen.Elements(Loss.SquaredError, Loss.BinaryCrossEntropy, Loss.CrossEntropy)
        from output in Gen.Elements(RandomNetworks.OutputsFor(loss))
        from inputs in Gen.OneOf(Gen.Choose(1, 20), Gen.Elements(64, 70))
        from layers in Gen.Choose(1, 3)
        from widths in Gen.ArrayOf(Widths, layers)
        from outputs in Gen.Choose(1, 18)
        from rows in Gen.Choose(1, 12)
        from l2 in Gen.Elements(false, true)
        from single in Gen.Elements(false, true)
        from rate in Gen.Elements(0.002, 0.01, 0.03)
        from scheduled in Gen.Elements(false, true)
        from shuffled in Gen.Elements(false, true)
        from steps in Gen.Choose(1, 12)
        from epochs in Gen.Choose(1, 3)
        select new Case(seed, hidden, loss, output, inputs, widths, outputs, rows, l2, single, rate, scheduled, shuffled, steps, epochs);

    [Property(MaxTest = 150)]
    public Property Train_fit_with_one_sample_sgd_is_bit_identical_to_gradient_then_rule_and_to_itself() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            if (c.InFloat) FitMatchesReference<float>(c);
            else FitMatchesReference<double>(c);
        });

    [Property(MaxTest = 150)]
    public Property A_fused_step_equals_backpropagation_then_the_rule_under_any_rate_multiplier_with_the_same_cost() =>
        Prop.ForAll(Cases.ToArbitrary(), Gen.ArrayOf(Gen.Elements(1.0, 1.0, 0.5, 0.1, 0.37), 8).ToArbitrary(), (c, multipliers) =>
        {
            if (c.InFloat) StepMatchesGeneric<float>(c, multipliers);
            else StepMatchesGeneric<double>(c, multipliers);
        });

    /// <summary>A random run setting, and whether the fused step should take it by the documented rule.</summary>
    public sealed record Setting(string Batching, int Size, int Rows, string RuleName, bool Dropout, bool Weighted, bool InFloat)
    {
        public bool Expected =>
            (Batching == "with-replacement" || Batching == "shuffled" && Math.Min(Size, Rows) == 1)
            && RuleName is "sgd" or "scale-by-lr" && !Dropout && !Weighted;

        public override string ToString() => $"{Batching}({Size}) on {Rows} rows, {RuleName}, dropout {Dropout}, weights {Weighted}, {(InFloat ? "float" : "double")}";
    }

    [Property(MaxTest = 300)]
    public Property The_fused_step_is_selected_exactly_for_one_row_plain_sgd_without_dropout_or_weights() =>
        Prop.ForAll((from batching in Gen.Elements("full", "shuffled", "with-replacement")
                     from size in Gen.Elements(1, 1, 2, 5)
                     from rows in Gen.Elements(1, 2, 7)
                     from rule in Gen.Elements("sgd", "scale-by-lr", "chain(sgd)", "momentum", "nesterov", "adam", "adamw", "rmsprop", "adagrad", "rprop")
                     from dropout in Gen.Elements(false, true)
                     from weighted in Gen.Elements(false, true)
                     from single in Gen.Elements(false, true)
                     select new Setting(batching, size, rows, rule, dropout, weighted, single)).ToArbitrary(), s =>
        {
            bool selected = s.InFloat ? Selected<float>(s) : Selected<double>(s);
            Assert.Equal(s.Expected, selected);
        });

    private static bool Selected<T>(Setting s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var c = RandomNetworks.Build(Activation.Tanh, Activation.Sigmoid, Loss.BinaryCrossEntropy, 3, [4], 2, s.Rows, false, s.Rows);
        var batching = s.Batching switch { "full" => Batching.Full, "shuffled" => Batching.Shuffled(s.Size), _ => Batching.WithReplacement(s.Size) };
        var rule = s.RuleName switch
        {
            "scale-by-lr" => Rules.ScaleByLearningRate(0.1).Match(r => r, _ => throw new InvalidOperationException()),
            "chain(sgd)" => Rules.Chain(Rules.Sgd(0.1).Match(r => r, _ => throw new InvalidOperationException())),
            _ => Rules.ByName(s.RuleName, 0.1).Match(r => r, _ => throw new InvalidOperationException()),
        };
        var options = TrainingOptions.Create(1, batching, dropout: s.Dropout ? Dropout.Create([0.2]).Match(d => d, _ => throw new InvalidOperationException()) : null)
            .Match(o => o, _ => throw new InvalidOperationException());
        var data = Convert<T>(c.Batch);
        if (s.Weighted) data = new Batch<T>(data.Features, data.Targets, Matrix<T>.Create(s.Rows, 1, Enumerable.Repeat(T.One, s.Rows).ToArray()));
        var theta = Convert<T>(c.Parameters.Flat);
        int n = theta.Length;
        var run = new RuleRun<T>(rule, rule.Init<T>(n));
        return SampleStep<T>.For(c.Architecture, data, theta, run, options, batching is Batching.FullBatch ? s.Rows : batching is Batching.ShuffledBatches b ? Math.Min(b.Size, s.Rows) : 1) is not null;
    }

    private static void FitMatchesReference<T>(Case c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var net = c.Network;
        var data = Convert<T>(net.Batch);
        var start = Parameters<T>.FromFlat(net.Architecture.Layout, Convert<T>(net.Parameters.Flat));
        var rng = Rng.Create((ulong)c.Seed + 7);
        var options = TrainingOptions.Create(c.Epochs, c.Batching, rng).Match(o => o, e => throw new InvalidOperationException(e.Head.Message));

        var fit = Train.Fit(net.Architecture, data, c.Rule, start, options).Match(t => t, e => throw new InvalidOperationException(e.Head.Message)).Last();
        var again = Train.Fit(net.Architecture, data, c.Rule, start, options).Match(t => t, e => throw new InvalidOperationException(e.Head.Message)).Last();
        Assert.Equal(Bits(fit.Parameters.Flat), Bits(again.Parameters.Flat));
        Assert.Equal(fit.Stop, again.Stop);
        // Unbounded activations with squared error can still blow up; the engine then keeps an earlier epoch's θ, which
        // the multiplier property above covers step by step, so only finished runs are replayed here.
        if (fit.Stop?.Kind == StopKind.Diverged) return;
        Assert.Equal(StopKind.MaxIterations, fit.Stop?.Kind);

        // The generic path with public pieces: the gradient at one row, then the rule's pure update and apply.
        var theta = ImmutableArray.Create(start.Flat);
        var state = c.Rule.Init<T>(theta.Length);
        var order = new int[data.Count];
        int steps = 0;
        for (int epoch = 1; epoch <= c.Epochs; epoch++)
        {
            var draws = rng.Fork((ulong)epoch);
            if (c.ShuffledOnes) draws.Permute(order);
            for (int j = 0; j < (c.ShuffledOnes ? data.Count : c.Steps); j++)
            {
                int r = c.ShuffledOnes ? order[j] : draws.NextInt((ulong)j, data.Count);
                var one = new Batch<T>(data.Features.SelectRows([r]), data.Targets.SelectRows([r]));
                var (_, gradient) = Network.CostAndGradient(net.Architecture, Parameters<T>.FromFlat(net.Architecture.Layout, theta.AsSpan()), one);
                (var step, state) = c.Rule.Update(ImmutableArray.Create(gradient.Flat), state, theta);
                theta = UpdateRule.Apply(theta, step);
                steps++;
            }
        }
        Assert.Equal(steps, fit.Step);
        Assert.Equal(Bits(theta.AsSpan()), Bits(fit.Parameters.Flat));
        Assert.Equal(BitConverter.DoubleToInt64Bits(fit.TrainingCost), BitConverter.DoubleToInt64Bits(again.TrainingCost));
    }

    private static void StepMatchesGeneric<T>(Case c, double[] multipliers) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var net = c.Network;
        var arch = net.Architecture;
        var data = Convert<T>(net.Batch);
        var options = TrainingOptions.Create(1, Batching.WithReplacement()).Match(o => o, e => throw new InvalidOperationException(e.Head.Message));
        var fusedTheta = Convert<T>(net.Parameters.Flat);
        var genericTheta = (T[])fusedTheta.Clone();
        var fusedRule = new RuleRun<T>(c.Rule, c.Rule.Init<T>(fusedTheta.Length));
        var genericRule = new RuleRun<T>(c.Rule, c.Rule.Init<T>(fusedTheta.Length));
        var fused = SampleStep<T>.For(arch, data, fusedTheta, fusedRule, options, 1) ?? throw new InvalidOperationException("the fused step was not selected");
        var workspace = new Workspace<T>(arch, 1);
        var gradient = new T[fusedTheta.Length];
        var draws = Rng.Create((ulong)c.Seed);
        foreach (var (multiplier, j) in multipliers.Select((m, j) => (m, j)))
        {
            int r = draws.NextInt((ulong)j, data.Count);
            double fusedCost = fused.Forward(r, withCost: true);
            double genericCost = Backpropagation.Run(workspace, genericTheta, data.Features.Span.Slice(r * arch.Inputs, arch.Inputs),
                data.Targets.Span.Slice(r * arch.Outputs, arch.Outputs), 1, gradient);
            Assert.Equal(BitConverter.DoubleToInt64Bits(genericCost), BitConverter.DoubleToInt64Bits(fusedCost));
            Assert.Equal(Bits<T>(workspace.Pass.Output), Bits(fused.Output));
            // The step is told the next row (so it forms that row's first product with the stepped weights), or a wrong
            // row every fourth step (the next forward pass must then form its own), or none after the last.
            int next = j + 1 == multipliers.Length ? -1 : draws.NextInt((ulong)(j + 1), data.Count);
            fused.Step(multiplier, j % 4 == 1 && next >= 0 ? (next + 1) % data.Count : next);
            genericRule.Step(gradient, genericTheta, multiplier);
            // θ's first-layer weights live in the fused step's transposed copy until a flush (every third step here, so a
            // flush also catches up several steps); the rest of θ is current after every step.
            int current = arch.Layout.Slots[0].BiasOffset;
            Assert.Equal(Bits<T>(genericTheta.AsSpan(current)), Bits<T>(fusedTheta.AsSpan(current)));
            if (j % 3 != 2) continue;
            fused.Flush();
            Assert.Equal(Bits<T>(genericTheta), Bits<T>(fusedTheta));
        }
        fused.Flush();
        Assert.Equal(Bits<T>(genericTheta), Bits<T>(fusedTheta));
        Assert.Equal(RuleRunProperties.Describe<T>(genericRule.Snapshot()), RuleRunProperties.Describe<T>(fusedRule.Snapshot()));
    }

    private static byte[] Bits<T>(ReadOnlySpan<T> values) where T : unmanaged => MemoryMarshal.AsBytes(values).ToArray();

    private static T[] Convert<T>(ReadOnlySpan<double> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new T[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = T.CreateTruncating(values[i]);
        return result;
    }

    private static Batch<T> Convert<T>(Batch<double> batch) where T : unmanaged, IFloatingPointIeee754<T> =>
        new(batch.Features.Convert<T>(), batch.Targets.Convert<T>());
}
