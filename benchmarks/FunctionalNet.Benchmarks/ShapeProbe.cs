using System.Diagnostics;
using System.Globalization;
using FunctionalNet.Kernels;
using FunctionalNet.Tensors;

namespace FunctionalNet.Benchmarks;

/// <summary>Best-of-N microseconds and GFLOP/s for the three products at one (m, k, n), float32 or float64: a quick tuning aid.</summary>
internal static class ShapeProbe
{
    public static void Run(int m, int k, int n, int repeats, bool float64 = false)
    {
        if (float64) Run<double>(m, k, n, repeats);
        else Run<float>(m, k, n, repeats);
    }

    private static void Run<T>(int m, int k, int n, int repeats) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var a = new T[Math.Max(m, n) * k + m * n];
        var b = new T[Math.Max(m, n) * Math.Max(k, n)];
        var c = new T[m * n];
        Rng.Create(1).FillNormal<T>(a, 0, 1);
        Rng.Create(2).FillNormal<T>(b, 0, 1);
        Measure("A·Bᵀ", () => Gemm.MultiplyTransposedB<T>(a.AsSpan(0, m * k), b.AsSpan(0, n * k), c, m, k, n, Parallelism.Default));
        Measure("A·B", () => Gemm.Multiply<T>(a.AsSpan(0, m * k), b.AsSpan(0, k * n), c, m, k, n, Parallelism.Default));
        Measure("Aᵀ·B", () => Gemm.MultiplyTransposedA<T>(a.AsSpan(0, k * m), b.AsSpan(0, k * n), c, m, k, n, Parallelism.Default));

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
                $"{name,-5} {m}×{k}×{n} {typeof(T).Name}: {best * 1e6:F1} µs, {2.0 * m * k * n / best / 1e9:F1} GFLOP/s"));
        }
    }
}
