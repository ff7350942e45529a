using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using FunctionalNet.Optimization.UpdateRules;

namespace FunctionalNet.Benchmarks;

/// <summary>
/// One pure step of each update rule on digits-adam's 7,510 parameters: Update then Apply, which allocates a new step,
/// state and parameter vector every call. The engine's in-place step is measured by <see cref="EngineStepBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
public class OptimizerStepBenchmarks
{
    private const int Count = 64 * 100 + 100 + 100 * 10 + 10;
    private UpdateRule rule = null!;
    private RuleState state = null!;
    private ImmutableArray<double> parameters;
    private ImmutableArray<double> gradient;

    [Params("sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop", "adagrad", "rprop")]
    public string Rule { get; set; } = "adam";

    [GlobalSetup]
    public void Setup()
    {
        var theta = new double[Count];
        var g = new double[Count];
        Rng.Create(1).FillNormal<double>(theta, 0, 1);
        Rng.Create(2).FillNormal<double>(g, 0, 1);
        parameters = [.. theta];
        gradient = [.. g];
        rule = Rules.ByName(Rule, 1e-3).Match(r => r, e => throw new InvalidOperationException(string.Join("; ", e)));
        state = rule.Init(parameters);
    }

    [Benchmark(Description = "pure rule: update + apply")]
    public ImmutableArray<double> Pure()
    {
        var (step, next) = rule.Update(gradient, state, parameters);
        state = next;
        return UpdateRule.Apply(parameters, step);
    }
}
