using System.Numerics;
using System.Numerics.Tensors;
using FunctionalNet.Calculus;
using FunctionalNet.Model;
using FunctionalNet.Tensors;

namespace FunctionalNet.Bench;

/// <summary>
/// The update rules the workloads prescribe, driven over a reused <see cref="Workspace{T}"/> and in-place
/// parameter, gradient and moment buffers, so that a steady-state step allocates nothing.
/// </summary>
internal static class TrainingLoops
{
    /// <summary>θ ← θ − η∇J(θ) on the full batch, <paramref name="steps"/> times.</summary>
    public static void GradientDescent<T>(Architecture architecture, T[] theta, Problem<T> data, T rate, int steps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var workspace = new Workspace<T>(architecture, data.Rows);
        var gradient = new T[theta.Length];
        for (int s = 0; s < steps; s++)
        {
            Backpropagation.Run(workspace, theta, data.Features, data.Targets, data.Rows, gradient, withCost: false);
            TensorPrimitives.MultiplyAdd(gradient, -rate, theta, theta);
        }
    }

    /// <summary>One sample per step, in the given row order.</summary>
    public static void StochasticGradientDescent<T>(Architecture architecture, T[] theta, Problem<T> data, T rate, int[] order)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var workspace = new Workspace<T>(architecture, 1);
        var gradient = new T[theta.Length];
        int n = data.Inputs, k = data.Classes;
        foreach (int r in order)
        {
            Backpropagation.Run<T>(workspace, theta, data.Features.AsSpan(r * n, n), data.Targets.AsSpan(r * k, k), 1, gradient, withCost: false);
            TensorPrimitives.MultiplyAdd(gradient, -rate, theta, theta);
        }
    }

    /// <summary>Adam over mini-batches of <paramref name="batch"/> rows of each epoch's order (the last batch may be short).</summary>
    /// <returns>The number of optimizer steps taken.</returns>
    public static int Adam<T>(Architecture architecture, T[] theta, Problem<T> data, int batch, IReadOnlyList<int[]> epochs,
        double rate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var workspace = new Workspace<T>(architecture, batch);
        var gradient = new T[theta.Length];
        var m = new T[theta.Length];
        var v = new T[theta.Length];
        int n = data.Inputs, k = data.Classes;
        var x = new T[batch * n];
        var y = new T[batch * k];
        int t = 0;
        foreach (var order in epochs)
        {
            for (int start = 0; start < order.Length; start += batch)
            {
                int rows = Math.Min(batch, order.Length - start);
                for (int i = 0; i < rows; i++)
                {
                    int r = order[start + i];
                    data.Features.AsSpan(r * n, n).CopyTo(x.AsSpan(i * n, n));
                    data.Targets.AsSpan(r * k, k).CopyTo(y.AsSpan(i * k, k));
                }
                Backpropagation.Run<T>(workspace, theta, x.AsSpan(0, rows * n), y.AsSpan(0, rows * k), rows, gradient, withCost: false);
                t++;
                double step = rate * Math.Sqrt(1 - Math.Pow(beta2, t)) / (1 - Math.Pow(beta1, t));
                AdamKernel.Step<T>(theta, gradient, m, v, T.CreateTruncating(step), T.CreateTruncating(beta1),
                    T.CreateTruncating(beta2), T.CreateTruncating(epsilon));
            }
        }
        return t;
    }
}
