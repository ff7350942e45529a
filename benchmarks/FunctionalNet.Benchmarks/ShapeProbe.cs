using System.Diagnostics;
using System.Globalization;
using FunctionalNet.Randomness;
using FunctionalNet.Tensors;

namespace FunctionalNet.Benchmarks;

/// <summary>Best-of-N microseconds and GFLOP/s for the three products at one (m, k, n), float32: a quick tuning aid.</summary>
internal static class ShapeProbe
{
    public static void Run(int m, int k, int n, int repeats)
    {
        var a = new float[Math.Max(m, n) * k + m * n];
        var b = new float[Math.Max(m, n) * Math.Max(k, n)];
        var c = new float[m * n];
        Rng.Create(1).FillNormal<float>(a, 0, 1);
        Rng.Create(2).FillNormal<float>(b, 0, 1);
        Measure("A·Bᵀ", () => Gemm.MultiplyTransposedB<float>(a.AsSpan(0, m * k), b.AsSpan(0, n * k), c, m, k, n, Parallelism.Default));
        Measure("A·B", () => Gemm.Multiply<float>(a.AsSpan(0, m * k), b.AsSpan(0, k * n), c, m, k, n, Parallelism.Default));
        Measure("Aᵀ·B", () => Gemm.MultiplyTransposedA<float>(a.AsSpan(0, k * m), b.AsSpan(0, k * n), c, m, k, n, Parallelism.Default));

        void Measure(string name, Action run)
        {
            for (int i = 0; i < 5; i++) run();
            double best = double.MaxValue;
            for (int i = 0; i < repeats; i++)
            {
                long t0 = Stopwatch.GetTimestamp();
                run();
                best = Math.Min(best, Stopwatch.GetElapsedTime(t0).TotalSeconds);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-5} {m}×{k}×{n}: {best * 1e6:F1} µs, {2.0 * m * k * n / best / 1e9:F1} GFLOP/s"));
        }
    }
}
