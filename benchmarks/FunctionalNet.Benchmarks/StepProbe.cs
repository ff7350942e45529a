using System.Diagnostics;
using System.Globalization;
using FunctionalNet.Calculus;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Randomness;

namespace FunctionalNet.Benchmarks;

/// <summary>Best-of-N microseconds of the forward pass and of forward+backward for moons-gd's network (float64): a profiling aid.</summary>
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
        var tnc = Architecture.Mlp([64, 25, 10], Activation.Sigmoid, Activation.Sigmoid, Loss.BinaryCrossEntropy, 1)
            .Match(a => a, e => throw new InvalidOperationException(string.Join("; ", e)));
        var t2 = Initializer.Uniform(0.12).Initialize<double>(tnc, Rng.Create(0)).Flat.ToArray();
        var x2 = new double[1347 * 64];
        Rng.Create(1).FillUniform<double>(x2, 0, 1);
        var y2 = new double[1347 * 10];
        for (int r = 0; r < 1347; r++) y2[r * 10 + r % 10] = 1;
        var ws2 = new Workspace<double>(tnc, 1347);
        var g2 = new double[t2.Length];
        var hv = new double[t2.Length];
        Measure("tnc gradient", () => Backpropagation.Run(ws2, t2, x2, y2, 1347, g2));
        Measure("tnc Hv", () => HessianVector.Run(tnc, t2, g2, x2, y2, 1347, hv));
        long t0 = Stopwatch.GetTimestamp();
        for (int i = 0; i < 163; i++) HessianVector.Run(tnc, t2, g2, x2, y2, 1347, hv);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"163 Hv in a row     {Stopwatch.GetElapsedTime(t0).TotalMilliseconds:F1} ms"));
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
