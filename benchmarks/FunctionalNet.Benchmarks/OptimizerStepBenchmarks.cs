using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Randomness;
using FunctionalNet.Tensors;

namespace FunctionalNet.Benchmarks;

/// <summary>
/// One step of each update rule on digits-adam's 7,960 parameters: the library's pure rules (new step, new state,
/// new parameters every call) beside the in-place fused Adam kernel a workspace training loop uses.
/// </summary>
[MemoryDiagnoser]
public class OptimizerStepBenchmarks
{
    private const int Count = 64 * 100 + 100 + 100 * 10 + 10;
    private UpdateRule rule = null!;
    private RuleState state = null!;
    private ImmutableArray<double> parameters;
    private ImmutableArray<double> gradient;
    private double[] theta = [];
    private double[] g = [];
    private double[] m = [];
    private double[] v = [];

    [Params("sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop", "adagrad", "rprop")]
    public string Rule { get; set; } = "adam";

    [GlobalSetup]
    public void Setup()
    {
        theta = new double[Count];
        g = new double[Count];
        m = new double[Count];
        v = new double[Count];
        Rng.Create(1).FillNormal<double>(theta, 0, 1);
        Rng.Create(2).FillNormal<double>(g, 0, 1);
        parameters = [.. theta];
        gradient = [.. g];
        rule = Rules.ByName(Rule, 1e-3).Match(r => r, e => throw new InvalidOperationException(string.Join("; ", e)));
        state = rule.Init(parameters);
    }

    [Benchmark(Baseline = true, Description = "pure rule: update + apply")]
    public ImmutableArray<double> Pure()
    {
        var (step, next) = rule.Update(gradient, state, parameters);
        state = next;
        return UpdateRule.Apply(parameters, step);
    }

    [Benchmark(Description = "in-place fused Adam kernel")]
    public void Fused() => AdamKernel.Step<double>(theta, g, m, v, 1e-3, 0.9, 0.999, 1e-8);
}
