using BenchmarkDotNet.Attributes;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Kernels;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Training;

namespace FunctionalNet.Benchmarks;

/// <summary>
/// One per-sample SGD step of digits-sgd's 64-100-10 tanh network with squared error (float64, rate 0.2), on the bundled
/// digits: the generic path the engine takes for any rule (backpropagation into a gradient vector, then the rule's step)
/// against the fused step it takes for plain SGD on one row (<see cref="SampleStep{T}"/>). Both give the same bits;
/// each invocation takes <see cref="Steps"/> steps over consecutive rows, without the cost.
/// </summary>
public class SampleStepBenchmarks
{
    private const int Steps = 1000;

    private Architecture architecture = null!;
    private Batch<double> data = null!;
    private double[] genericTheta = [];
    private double[] gradient = [];
    private Workspace<double> workspace = null!;
    private RuleRun<double> genericRule = null!;
    private SampleStep<double> fused = null!;
    private int next;

    [GlobalSetup]
    public void Setup()
    {
        architecture = Architecture.Mlp([64, 100, 10], Activation.Tanh, Activation.Tanh, Loss.SquaredError)
            .Match(a => a, e => throw new InvalidOperationException(string.Join("; ", e)));
        data = Dataset.FromLabelled(BundledDigits.Train.Scale(1 / 16.0)).ToBatch<double>(architecture);
        var start = Initializer.Uniform(0.25).Initialize<double>(architecture, Rng.Create(0)).Flat.ToArray();
        var rule = Rules.Sgd(0.2).Match(r => r, e => throw new InvalidOperationException(string.Join("; ", e)));
        genericTheta = (double[])start.Clone();
        gradient = new double[start.Length];
        workspace = new Workspace<double>(architecture, 1);
        genericRule = new RuleRun<double>(rule, rule.Init<double>(start.Length));
        var options = TrainingOptions.Create(1, Batching.WithReplacement()).Match(o => o, e => throw new InvalidOperationException(string.Join("; ", e)));
        fused = SampleStep<double>.For(architecture, data, (double[])start.Clone(), new RuleRun<double>(rule, rule.Init<double>(start.Length)), options, 1)
            ?? throw new InvalidOperationException("plain SGD on one row should take the fused step");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Steps, Description = "generic: backpropagation, then the rule")]
    public void Generic()
    {
        int inputs = architecture.Inputs, outputs = architecture.Outputs;
        for (int j = 0; j < Steps; j++)
        {
            int r = Row();
            Backpropagation.Run(workspace, genericTheta, data.Features.Span.Slice(r * inputs, inputs), data.Targets.Span.Slice(r * outputs, outputs),
                1, gradient, withCost: false);
            genericRule.Step(gradient, genericTheta, 1);
        }
    }

    [Benchmark(OperationsPerInvoke = Steps, Description = "fused: SampleStep forward, then step")]
    public void Fused()
    {
        for (int j = 0; j < Steps; j++)
        {
            fused.Forward(Row(), withCost: false);
            fused.Step(1);
        }
    }

    private int Row() => next = (next + 1) % data.Count;
}
