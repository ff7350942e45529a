using System.Collections.Immutable;
using FsCheck.Fluent;
using FunctionalNet.Calculus;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Tests.Support;

namespace FunctionalNet.Tests.Optimization;

/// <summary>Known first steps, descent on a small network, chain laws and validation of the update rules.</summary>
public sealed class UpdateRuleTests
{
    private static readonly ImmutableArray<double> Theta = [1.0, -2.0];
    private static readonly ImmutableArray<double> Gradient = [0.5, -1.0];

    private static ImmutableArray<double>[] Steps(UpdateRule rule, int count)
    {
        var state = rule.Init(Theta);
        var steps = new ImmutableArray<double>[count];
        for (int i = 0; i < count; i++) (steps[i], state) = rule.Update(Gradient, state, Theta);
        return steps;
    }

    [Fact]
    public void Momentum_first_two_steps_match_hand_computation()
    {
        // η = 0.1, β = 0.9, g = (0.5, −1) twice: v₁ = g → step −0.1·g; v₂ = 0.9g + g = 1.9g → step −0.19·g.
        var steps = Steps(Rules.Momentum(0.1, 0.9).Get(), 2);
        Assert.Equal([-0.05, 0.1], steps[0].ToArray());
        Assert.Equal(-0.095, steps[1][0], 15);
        Assert.Equal(0.19, steps[1][1], 15);
    }

    [Fact]
    public void Nesterov_first_step_looks_ahead()
    {
        // v₁ = g; step = −η(g + βv₁) = −0.1·1.9·g.
        var step = Steps(Rules.Nesterov(0.1, 0.9).Get(), 1)[0];
        Assert.Equal(-0.095, step[0], 15);
        Assert.Equal(0.19, step[1], 15);
    }

    [Fact]
    public void Adam_first_steps_match_hand_computation()
    {
        // η = 1e-3: m₁ = 0.1g, v₁ = 0.001g², so m̂ = g, v̂ = g² and step = −η·g/(|g| + 1e-8); the second step with the same g
        // has m̂ = g, v̂ = g² again. Values from /usr/bin/python3: −0.001*g/(abs(g)+1e-8) and the two-step recursion written out.
        var steps = Steps(Rules.Adam(1e-3).Get(), 2);
        Assert.Equal(-0.0009999999800000003, steps[0][0], 1e-18);
        Assert.Equal(0.0009999999900000003, steps[0][1], 1e-18);
        Assert.Equal(-0.0009999999799999938, steps[1][0], 1e-17);
    }

    [Fact]
    public void RmsProp_first_step_matches_hand_computation()
    {
        // η = 0.01, ρ = 0.9: ν₁ = 0.1g², step = −η·g/(√(0.1g²) + 1e-8); python: −0.01*g/(math.sqrt(0.1*g*g)+1e-8).
        var step = Steps(Rules.RmsProp(0.01).Get(), 1)[0];
        Assert.Equal(-0.03162277460168392, step[0], 1e-16);
        Assert.Equal(0.03162277560168383, step[1], 1e-16);
    }

    [Fact]
    public void Sgd_adagrad_and_rprop_first_steps()
    {
        Assert.Equal([-0.05, 0.1], Steps(Rules.Sgd(0.1).Get(), 1)[0].ToArray());
        // AdaGrad: s₁ = g², step = −η g/(|g| + 1e-10).
        var ada = Steps(Rules.AdaGrad(0.1).Get(), 1)[0];
        Assert.Equal(-0.1 * 0.5 / (0.5 + 1e-10), ada[0], 1e-17);
        // Rprop: Δ = 0.01 on the first step, then ×1.2 while the sign holds.
        var rprop = Steps(Rules.Rprop().Get(), 2);
        Assert.Equal([-0.01, 0.01], rprop[0].ToArray());
        Assert.Equal(-0.012, rprop[1][0], 1e-17);
    }

    [Fact]
    public void Chain_of_nothing_is_the_identity_and_chain_is_associative()
    {
        var identity = Rules.Chain();
        var (step, _) = identity.Update(Gradient, identity.Init(Theta), Theta);
        Assert.Equal(Gradient.ToArray(), step.ToArray());

        var clip = Rules.ClipByGlobalNorm(0.7).Get();
        var adam = Rules.Adam(0.01).Get();
        var decay = Rules.DecoupledWeightDecay(0.1).Get();
        var left = Steps(Rules.Chain(Rules.Chain(clip, decay), adam), 3);
        var right = Steps(Rules.Chain(clip, Rules.Chain(decay, adam)), 3);
        var single = Steps(Rules.Chain(adam), 3);
        var plain = Steps(adam, 3);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(left[i].ToArray(), right[i].ToArray());
            Assert.Equal(plain[i].ToArray(), single[i].ToArray());
        }
    }

    [Fact]
    public void Clipping_bounds_the_update()
    {
        var (byNorm, _) = Rules.ClipByGlobalNorm(0.5).Get().Update(Gradient, EmptyState.Instance, Theta);
        Assert.Equal(0.5, Math.Sqrt(byNorm.Sum(x => x * x)), 14);
        var (byValue, _) = Rules.ClipByValue(0.6).Get().Update(Gradient, EmptyState.Instance, Theta);
        Assert.Equal([0.5, -0.6], byValue.ToArray());
        var (decayed, _) = Rules.DecoupledWeightDecay(0.1).Get().Update(Gradient, EmptyState.Instance, Theta);
        Assert.Equal([0.6, -1.2], decayed.ToArray());
    }

    public static TheoryData<string> AllRules() => [.. Rules.Names];

    [Theory]
    [MemberData(nameof(AllRules))]
    public void Every_rule_lowers_the_cost_of_a_small_network(string name)
    {
        // 20 full-batch steps on random 3-5-2 tanh/sigmoid networks must lower the cost.
        var rule = Rules.ByName(name, 0.05).Get();
        Properties.Check(Prop.ForAll(FsCheck.Fluent.Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var c = RandomNetworks.Build(Activation.Tanh, Activation.Sigmoid, Loss.BinaryCrossEntropy, 3, [5], 2, 16, seed % 2 == 0, seed);
            var theta = ImmutableArray.Create(c.Parameters.Flat);
            double before = Network.Cost(c.Architecture, c.Parameters, c.Batch);
            var state = rule.Init(theta);
            for (int i = 0; i < 20; i++)
            {
                var g = Network.CostAndGradient(c.Architecture, Parameters<double>.FromFlat(c.Architecture.Layout, theta.AsSpan()), c.Batch).Gradient;
                (var step, state) = rule.Update(ImmutableArray.Create(g.Flat), state, theta);
                theta = UpdateRule.Apply(theta, step);
            }
            double after = Network.Cost(c.Architecture, Parameters<double>.FromFlat(c.Architecture.Layout, theta.AsSpan()), c.Batch);
            Assert.True(after < before, $"{rule} on {c}: {before} → {after}");
        }), cases: 25);
    }

    [Fact]
    public void Rules_never_write_to_their_inputs()
    {
        var g = Gradient;
        var theta = Theta;
        foreach (var name in Rules.Names)
        {
            var rule = Rules.ByName(name, 0.1).Get();
            var state = rule.Init(theta);
            var again = rule.Update(g, state, theta);
            var once = rule.Update(g, state, theta);
            Assert.Equal(once.Step.ToArray(), again.Step.ToArray());
        }
        Assert.Equal([1.0, -2.0], theta.ToArray());
        Assert.Equal([0.5, -1.0], g.ToArray());
    }

    [Fact]
    public void Invalid_hyper_parameters_are_rejected_with_precise_errors()
    {
        Assert.Equal(["adam.learning-rate"], Rules.Adam(0).Errors().Select(e => e.Code));
        Assert.Equal(["adam.beta1", "adam.beta2"], Rules.Adam(1e-3, beta1: 1, beta2: -0.1).Errors().Select(e => e.Code));
        Assert.Contains("found 1", Rules.Adam(1e-3, beta1: 1).Errors()[0].Message);
        Assert.Equal(["momentum.decay"], Rules.Momentum(0.1, 1.5).Errors().Select(e => e.Code));
        Assert.Equal(["sgd.learning-rate"], Rules.Sgd(double.NaN).Errors().Select(e => e.Code));
        Assert.Equal(["rprop.increase", "rprop.decrease"], Rules.Rprop(increase: 1, decrease: 1).Errors().Select(e => e.Code));
        Assert.Equal(["clip-by-global-norm.max-norm"], Rules.ClipByGlobalNorm(-1).Errors().Select(e => e.Code));
        Assert.Equal(["rule.unknown"], Rules.ByName("adamax", 0.1).Errors().Select(e => e.Code));
    }

    [Fact]
    public void Same_inputs_give_bit_identical_steps()
    {
        var rng = Rng.Create(3);
        var g = new double[50];
        rng.FillNormal<double>(g, 0, 1);
        var grad = ImmutableArray.Create(g);
        var theta = ImmutableArray.Create(new double[50]);
        foreach (var name in Rules.Names)
        {
            var rule = Rules.ByName(name, 0.01).Get();
            Assert.Equal(rule.Update(grad, rule.Init(theta), theta).Step.ToArray(), Rules.ByName(name, 0.01).Get().Update(grad, rule.Init(theta), theta).Step.ToArray());
        }
    }
}
