using BenchmarkDotNet.Attributes;
using FunctionalNet.Kernels;
using FunctionalNet.Tensors;

namespace FunctionalNet.Benchmarks;

/// <summary>The three products at square sizes, float32; GFLOP/s = 2·n³ / time.</summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private float[] a = [];
    private float[] b = [];
    private float[] c = [];

    [Params(64, 256, 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        a = new float[Size * Size];
        b = new float[Size * Size];
        c = new float[Size * Size];
        Rng.Create(1).FillNormal<float>(a, 0, 1);
        Rng.Create(2).FillNormal<float>(b, 0, 1);
    }

    [Benchmark(Description = "A·Bᵀ")]
    public void MultiplyTransposedB() => Gemm.MultiplyTransposedB<float>(a, b, c, Size, Size, Size, Parallelism.Default);

    [Benchmark(Description = "A·B")]
    public void Multiply() => Gemm.Multiply<float>(a, b, c, Size, Size, Size, Parallelism.Default);

    [Benchmark(Description = "Aᵀ·B")]
    public void MultiplyTransposedA() => Gemm.MultiplyTransposedA<float>(a, b, c, Size, Size, Size, Parallelism.Default);
}
