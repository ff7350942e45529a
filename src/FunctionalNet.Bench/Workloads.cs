using System.Diagnostics;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Randomness;

namespace FunctionalNet.Bench;

/// <summary>
/// The workloads of WORKLOADS.md, each a function of its budget (steps, evaluations, epochs or samples, as the peers
/// count them) returning its record. Only training is timed: data loading, initialisation and the final quality
/// measures are outside the clock.
/// </summary>
internal static class Workloads
{
    public static BenchRecord MoonsGd(BenchContext context, int steps)
    {
        var data = Problem<double>.From(context.Moons, 2);
        var architecture = Build(2, [5, 5, 2], Activation.Sigmoid, Activation.Sigmoid, Loss.BinaryCrossEntropy, 0);
        var theta = Initializer.UniformEpsilon.Initialize<double>(architecture, Rng.Create(0)).Flat.ToArray();
        double seconds = Time(() => TrainingLoops.GradientDescent(architecture, theta, data, 0.5, steps));
        return context.Record("moons-gd", "float64", seconds, steps, (double)steps * data.Rows,
            data.Cost(architecture, theta), data.Accuracy(architecture, theta), null, null);
    }

    public static BenchRecord DigitsSgd(BenchContext context, int steps)
    {
        var (train, test) = context.Digits<double>();
        var architecture = Build(64, [100, 10], Activation.Tanh, Activation.Tanh, Loss.SquaredError, 0);
        var theta = Initializer.Uniform(0.25).Initialize<double>(architecture, Rng.Create(0)).Flat.ToArray();
        var draws = Rng.Create(3);
        var order = Enumerable.Range(0, steps).Select(i => draws.NextInt((ulong)i, train.Rows)).ToArray();
        double seconds = Time(() => TrainingLoops.StochasticGradientDescent(architecture, theta, train, 0.2, order));
        return context.Record("digits-sgd", "float64", seconds, steps, steps,
            train.Cost(architecture, theta), train.Accuracy(architecture, theta), test.Accuracy(architecture, theta), null);
    }

    public static BenchRecord DigitsAdam(BenchContext context, int epochs)
    {
        var (train, test) = context.Digits<float>();
        // J's L2 term is λ/(2m)Σw² with m the batch: scikit-learn's alpha/(2·batch) during Adam, alpha = 1e-4.
        var architecture = Build(64, [100, 10], Activation.Relu, Activation.Softmax, Loss.CrossEntropy, 1e-4);
        var theta = Initializer.UniformEpsilon.Initialize<float>(architecture, Rng.Create(0)).Flat.ToArray();
        var orders = Orders(Rng.Create(5), train.Rows, epochs);
        int steps = 0;
        double seconds = Time(() => steps = TrainingLoops.Adam(architecture, theta, train, 200, orders, 1e-3));
        return context.Record("digits-adam", "float32", seconds, steps, (double)epochs * train.Rows,
            train.Cost(architecture, theta), train.Accuracy(architecture, theta), test.Accuracy(architecture, theta), null);
    }

    public static BenchRecord WideAdam(BenchContext context, int samples)
    {
        var data = WideData.Generate(samples);
        var architecture = Build(784, [256, 128, 10], Activation.Relu, Activation.Softmax, Loss.CrossEntropy, 0);
        var theta = Initializer.UniformEpsilon.Initialize<float>(architecture, Rng.Create(0)).Flat.ToArray();
        var orders = Orders(Rng.Create(5), samples, 1);
        int steps = 0;
        double seconds = Time(() => steps = TrainingLoops.Adam(architecture, theta, data, 128, orders, 1e-3));
        return context.Record("wide-adam", "float32", seconds, steps, samples,
            data.Cost(architecture, theta), data.Accuracy(architecture, theta), null, null);
    }

    public static BenchRecord GemmMlp(BenchContext context, int steps)
    {
        var data = WideData.GemmMlp();
        var architecture = Build(1024, [1024, 1024, 1024], Activation.Relu, Activation.Softmax, Loss.CrossEntropy, 0);
        var theta = Initializer.UniformEpsilon.Initialize<float>(architecture, Rng.Create(0)).Flat.ToArray();
        double seconds = Time(() => TrainingLoops.GradientDescent(architecture, theta, data, 0.1f, steps));
        double gflop = 6.0 * data.Rows * 3 * 1024 * 1024 * steps / 1e9;
        return context.Record("gemm-mlp", "float32", seconds, steps, (double)steps * data.Rows,
            data.Cost(architecture, theta), data.Accuracy(architecture, theta), null, gflop);
    }

    internal static Architecture Build(int inputs, int[] units, Activation hidden, Activation output, Loss loss, double lambda) =>
        Architecture.Mlp([inputs, .. units], hidden, output, loss, lambda)
            .Match(a => a, errors => throw new InvalidOperationException(string.Join("; ", errors.Select(e => e.Message))));

    internal static int[][] Orders(Rng rng, int rows, int epochs) =>
        Enumerable.Range(0, epochs).Select(e => Shuffle(rng.Fork((ulong)e), rows)).ToArray();

    private static int[] Shuffle(Rng rng, int rows) => rng.Permutation(rows);

    internal static double Time(Action train)
    {
        long start = Stopwatch.GetTimestamp();
        train();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
