using System.Diagnostics;
using System.Globalization;
using FunctionalNet.Kernels;
using FunctionalNet.Tensors;

namespace FunctionalNet.Benchmarks;

/// <summary>
/// A quick best-of-N GFLOP/s figure for square float32 products, timed the way compare.py's --gemm-roofline times
/// numpy (best of repeats after warm-up), so the two numbers are directly comparable.
/// </summary>
internal static class GflopsProbe
{
    public static void Run(int size, int repeats, int threads)
    {
        var parallelism = new Parallelism(threads);
        var a = new float[size * size];
        var b = new float[size * size];
        var c = new float[size * size];
        Rng.Create(1).FillNormal<float>(a, 0, 1);
        Rng.Create(2).FillNormal<float>(b, 0, 1);
        var products = new (string Name, Action Run)[]
        {
            ("A·B", () => Gemm.Multiply<float>(a, b, c, size, size, size, parallelism)),
            ("A·Bᵀ", () => Gemm.MultiplyTransposedB<float>(a, b, c, size, size, size, parallelism)),
            ("Aᵀ·B", () => Gemm.MultiplyTransposedA<float>(a, b, c, size, size, size, parallelism)),
        };
        foreach (var (name, run) in products)
        {
            var times = ProbeTiming.SortedSeconds(repeats, run, warmups: 3);
            double flop = 2.0 * size * size * size;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-5} {size}³ float32, {threads} threads: {flop / times[0] / 1e9:F1} GFLOP/s best of {repeats}, {flop / times[repeats / 2] / 1e9:F1} median"));
        }
    }
}
