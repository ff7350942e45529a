using System.Diagnostics;
using System.Globalization;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Kernels;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tensors;

namespace FunctionalNet.Benchmarks;

/// <summary>
/// Best-of-N microseconds of one fused narrow gradient (<see cref="NarrowGradient{T}"/>, batch laid out once) on one and
/// on two threads, for moons-gd's 2-5-5-2 network and a 16-16-16-2 one over a range of row counts: the measurement behind
/// <see cref="NarrowNetwork.ParallelRows"/> (docs/performance.md, "Narrow kernels on two cores").
/// </summary>
internal static class NarrowThreadsProbe
{
    public static void Run(int repeats)
    {
        foreach (var shape in new[] { new[] { 2, 5, 5, 2 }, new[] { 16, 16, 16, 2 } })
        {
            var architecture = Architecture.Mlp(shape, Activation.Sigmoid, Activation.Sigmoid, Loss.BinaryCrossEntropy)
                .Match(a => a, e => throw new InvalidOperationException(string.Join("; ", e)));
            var theta = Initializer.UniformEpsilon.Initialize<double>(architecture, Rng.Create(0)).Flat.ToArray();
            var gradient = new double[theta.Length];
            foreach (int rows in new[] { 256, 320, 384, 512, 640, 768, 1000, 2000, 4000 })
            {
                var x = new double[rows * shape[0]];
                Rng.Create(1).FillNormal<double>(x, 0, 1);
                var y = new double[rows * 2];
                for (int r = 0; r < rows; r++) y[r * 2 + r % 2] = 1;
                var batch = new Batch<double>(Matrix<double>.Create(rows, shape[0], x), Matrix<double>.Create(rows, 2, y));
                var one = new NarrowGradient<double>(architecture, new Parallelism(1), parallelRows: 0);
                var two = new NarrowGradient<double>(architecture, new Parallelism(2), parallelRows: 0);
                // Alternated, so both see the same minutes of a shared machine.
                double best1 = double.MaxValue, best2 = double.MaxValue;
                for (int round = 0; round < 5; round++)
                {
                    best1 = Math.Min(best1, Best(() => one.Run(theta, batch, gradient), repeats / 5));
                    best2 = Math.Min(best2, Best(() => two.Run(theta, batch, gradient), repeats / 5));
                }
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{string.Join('-', shape),-12} rows {rows,5}  1 thread {best1 * 1e6,8:F1} µs  2 threads {best2 * 1e6,8:F1} µs  ratio {best1 / best2:F2}"));
            }
        }
    }

    private static double Best(Action run, int repeats)
    {
        for (int i = 0; i < 20; i++) run();
        double best = double.MaxValue;
        for (int i = 0; i < repeats; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            run();
            best = Math.Min(best, Stopwatch.GetElapsedTime(t0).TotalSeconds);
        }
        return best;
    }
}
