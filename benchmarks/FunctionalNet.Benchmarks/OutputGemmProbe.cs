using System.Numerics;
using FunctionalNet.Kernels;
using FunctionalNet.Tensors;

namespace FunctionalNet.Benchmarks;

/// <summary>
/// Best and median microseconds of the output layer's three products (10 classes) in the digits workloads' shapes: the
/// forward product into the layer (n = 10), its weight gradient (m = 10, k = rows) and the error sent back (k = 10);
/// a tuning aid for those kernels (`outgemm [repeats]`).
/// </summary>
internal static class OutputGemmProbe
{
    public static void Run(int repeats)
    {
        Shapes<float>("digits-adam float32", 200, 100, repeats);
        Shapes<double>("digits-lbfgs float64", 1347, 100, repeats);
        Shapes<double>("digits-tnc float64", 1347, 25, repeats);
    }

    private static void Shapes<T>(string title, int rows, int hidden, int repeats) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Console.WriteLine(title);
        var a = new T[rows * hidden]; var d = new T[rows * 10]; var w = new T[10 * hidden];
        var o = new T[rows * 10]; var g = new T[10 * hidden]; var e = new T[rows * hidden];
        Rng.Create(1).FillUniform<T>(a, 0, 1); Rng.Create(2).FillUniform<T>(d, -1, 1); Rng.Create(3).FillUniform<T>(w, -1, 1);
        ProbeTiming.Print($"A1·W2ᵀ {rows}×{hidden}×10", repeats, () => Gemm.MultiplyTransposedB<T>(a, w, o, rows, hidden, 10, Parallelism.Default), "  ", 24);
        ProbeTiming.Print($"d2ᵀ·A1 10×{rows}×{hidden}", repeats, () => Gemm.MultiplyTransposedA<T>(d, a, g, 10, rows, hidden, Parallelism.Default), "  ", 24);
        ProbeTiming.Print($"d2·W2 {rows}×10×{hidden}", repeats, () => Gemm.Multiply<T>(d, w, e, rows, 10, hidden, Parallelism.Default), "  ", 24);
    }
}
