using System.Diagnostics;
using System.Numerics;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Training;

namespace FunctionalNet.Bench;

/// <summary>
/// The first-order workloads of WORKLOADS.md, each a function of its budget (steps, epochs or samples, as the peers
/// count them) returning its record. Each times the public <c>Train.Fit</c> call a user would write, enumerated
/// to its last iterate; data loading, initialisation and the final quality measures are outside the clock. The epoch
/// costs are not computed (<see cref="EpochCost.None"/>) and only the last epoch is reported (a full-batch epoch is one
/// step, so a snapshot per epoch would be timed too): the peers compute and keep nothing while timing either.
/// </summary>
internal static class Workloads
{
    public static BenchRecord MoonsGd(BenchContext context, int steps)
    {
        var data = context.Moons;
        var architecture = Build(2, [5, 5, 2], Activation.Sigmoid, Activation.Sigmoid, Loss.BinaryCrossEntropy, 0);
        var start = Initializer.UniformEpsilon.Initialize<double>(architecture, Rng.Create(0));
        var (seconds, last) = Fit(context, architecture, data, Rules.Sgd(0.5), start, Batching.Full, steps, Rng.Create(0));
        return context.Record("moons-gd", "float64", seconds, last.Step, (double)last.Step * data.Count,
            Cost(architecture, last.Parameters, data), Accuracy(architecture, last.Parameters, data), null, null);
    }

    public static BenchRecord DigitsSgd(BenchContext context, int steps)
    {
        var (train, test) = context.Digits;
        var architecture = Build(64, [100, 10], Activation.Tanh, Activation.Tanh, Loss.SquaredError, 0);
        var start = Initializer.Uniform(0.25).Initialize<double>(architecture, Rng.Create(0));
        // One epoch of `steps` single samples drawn with replacement: the tutorial's loop.
        var (seconds, last) = Fit(context, architecture, train, Rules.Sgd(0.2), start, Batching.WithReplacement(steps), 1, Rng.Create(3));
        return context.Record("digits-sgd", "float64", seconds, last.Step, last.Step,
            Cost(architecture, last.Parameters, train), Accuracy(architecture, last.Parameters, train), Accuracy(architecture, last.Parameters, test), null);
    }

    public static BenchRecord DigitsAdam(BenchContext context, int epochs)
    {
        var (train, test) = context.Digits;
        // J's L2 term is λ/(2m)Σw² with m the batch: scikit-learn's alpha/(2·batch) during Adam, alpha = 1e-4.
        var architecture = Build(64, [100, 10], Activation.Relu, Activation.Softmax, Loss.CrossEntropy, 1e-4);
        var start = Initializer.UniformEpsilon.Initialize<float>(architecture, Rng.Create(0));
        var (seconds, last) = Fit(context, architecture, train, Rules.Adam(1e-3), start, Batching.Shuffled(200), epochs, Rng.Create(5));
        return context.Record("digits-adam", "float32", seconds, last.Step, (double)epochs * train.Count,
            Cost(architecture, last.Parameters, train), Accuracy(architecture, last.Parameters, train), Accuracy(architecture, last.Parameters, test), null);
    }

    public static BenchRecord WideAdam(BenchContext context, int samples)
    {
        var data = WideData.Generate(samples);
        var architecture = Build(784, [256, 128, 10], Activation.Relu, Activation.Softmax, Loss.CrossEntropy, 0);
        var start = Initializer.UniformEpsilon.Initialize<float>(architecture, Rng.Create(0));
        var (seconds, last) = Fit(context, architecture, data, Rules.Adam(1e-3), start, Batching.Shuffled(128), 1, Rng.Create(5));
        return context.Record("wide-adam", "float32", seconds, last.Step, samples,
            Cost(architecture, last.Parameters, data), Accuracy(architecture, last.Parameters, data), null, null);
    }

    public static BenchRecord GemmMlp(BenchContext context, int steps)
    {
        var data = WideData.GemmMlp();
        var architecture = Build(1024, [1024, 1024, 1024], Activation.Relu, Activation.Softmax, Loss.CrossEntropy, 0);
        var start = Initializer.UniformEpsilon.Initialize<float>(architecture, Rng.Create(0));
        var (seconds, last) = Fit(context, architecture, data, Rules.Sgd(0.1), start, Batching.Full, steps, Rng.Create(0));
        double gflop = 6.0 * data.Count * 3 * 1024 * 1024 * steps / 1e9;
        return context.Record("gemm-mlp", "float32", seconds, last.Step, (double)steps * data.Count,
            Cost(architecture, last.Parameters, data), Accuracy(architecture, last.Parameters, data), null, gflop);
    }

    /// <summary>Trains through the public engine; only the enumeration of the trace is timed.</summary>
    internal static (double Seconds, TrainingIterate<T> Last) Fit<T>(BenchContext context, Architecture architecture, Dataset data, LanguageExt.Validation<Error, UpdateRule> rule,
        Parameters<T> start, Batching batching, int epochs, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var trace = (from r in rule
                     from options in TrainingOptions.Create(maxEpochs: epochs, batching: batching, rng: rng, epochCost: EpochCost.None,
                         parallelism: context.Parallelism, reportEvery: epochs)
                     from t in Train.Fit(architecture, data.ToBatch<T>(architecture), r, start, options)
                     select t).Match(t => t, errors => throw new InvalidOperationException(string.Join("; ", errors.Select(e => e.Message))));
        TrainingIterate<T>? last = null;
        double seconds = Time(() => last = trace.Last());
        if (last!.Stop?.Kind is not Optimization.StopKind.MaxIterations)
            throw new InvalidOperationException($"the run ended early: {last.Stop?.Message}");
        return (seconds, last);
    }

    /// <summary>J (mean loss plus the architecture's L2 term) on the whole set.</summary>
    internal static double Cost<T>(Architecture architecture, Parameters<T> parameters, Dataset data) where T : unmanaged, IFloatingPointIeee754<T> =>
        double.CreateTruncating(Network.Cost(architecture, parameters, data.ToBatch<T>(architecture)));

    /// <summary>Fraction of rows whose predicted label is the true one.</summary>
    internal static double Accuracy<T>(Architecture architecture, Parameters<T> parameters, Dataset data) where T : unmanaged, IFloatingPointIeee754<T> =>
        ClassificationMetrics.Accuracy(data.Labels, Network.PredictLabels(architecture, parameters, data.Features.Convert<T>()));

    internal static Architecture Build(int inputs, int[] units, Activation hidden, Activation output, Loss loss, double lambda) =>
        Architecture.Mlp([inputs, .. units], hidden, output, loss, lambda)
            .Match(a => a, errors => throw new InvalidOperationException(string.Join("; ", errors.Select(e => e.Message))));

    internal static double Time(Action train)
    {
        long start = Stopwatch.GetTimestamp();
        train();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
