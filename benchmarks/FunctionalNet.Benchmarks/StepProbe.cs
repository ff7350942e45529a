using System.Diagnostics;
using System.Globalization;
using FunctionalNet.Calculus;
using FunctionalNet.Kernels;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;

namespace FunctionalNet.Benchmarks;

/// <summary>Best-of-N microseconds of the forward pass and of forward+backward for moons-gd's network (float64), layer by layer
/// and fused (<see cref="NarrowGradient{T}"/>, per call and with the batch laid out once): a profiling aid
/// (digits-tnc's gradient and Hessian-vector product: <see cref="TncProbe"/>).</summary>
internal static class StepProbe
{
    public static void Run(int repeats)
    {
        const int rows = 1000;
        var architecture = Architecture.Mlp([2, 5, 5, 2], Activation.Sigmoid, Activation.Sigmoid, Loss.BinaryCrossEntropy)
            .Match(a => a, e => throw new InvalidOperationException(string.Join("; ", e)));
        var theta = Initializer.UniformEpsilon.Initialize<double>(architecture, Rng.Create(0)).Flat.ToArray();
        var x = new double[rows * 2];
        Rng.Create(1).FillNormal<double>(x, 0, 1);
        var y = new double[rows * 2];
        for (int r = 0; r < rows; r++) y[r * 2 + r % 2] = 1;
        var workspace = new Workspace<double>(architecture, rows);
        var gradient = new double[theta.Length];
        Measure("forward", () => workspace.Pass.Rerun(theta, x, rows));
        Measure("forward+backward", () => Backpropagation.Run(workspace, theta, x, y, rows, gradient, withCost: false));
        Measure("with cost", () => Backpropagation.Run(workspace, theta, x, y, rows, gradient));
        var narrow = new NarrowGradient<double>(architecture);
        Measure("fused", () => narrow.Run(theta, x, y, rows, gradient, withCost: false));
        Measure("fused with cost", () => narrow.Run(theta, x, y, rows, gradient));
        var batch = new FunctionalNet.Data.Batch<double>(FunctionalNet.Matrix<double>.Create(rows, 2, x), FunctionalNet.Matrix<double>.Create(rows, 2, y));
        Measure("fused, laid out", () => narrow.Run(theta, batch, gradient, withCost: false));
        var z = new double[rows * 5];
        Rng.Create(3).FillNormal<double>(z, 0, 1);
        Measure("sigmoid 5000", () => System.Numerics.Tensors.TensorPrimitives.Sigmoid<double>(z, z));

        void Measure(string name, Action run)
        {
            for (int i = 0; i < 20; i++) run();
            double best = double.MaxValue;
            for (int i = 0; i < repeats; i++)
            {
                long t0 = Stopwatch.GetTimestamp();
                run();
                best = Math.Min(best, Stopwatch.GetElapsedTime(t0).TotalSeconds);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-18} {best * 1e6:F1} µs"));
        }
    }
}
