using System.Numerics;
using FunctionalNet.Model;
using FunctionalNet.Tensors;

namespace FunctionalNet.Calculus;

/// <summary>
/// Pre-activations z and activations a of every layer for one batch: what backpropagation and the R-operator
/// read. Buffers belong to the pass and never escape the calculus.
/// </summary>
internal sealed class ForwardPass<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private ForwardPass(int rows, T[][] z, T[][] a)
    {
        Rows = rows;
        Z = z;
        A = a;
    }

    /// <summary>Batch size m.</summary>
    public int Rows { get; }

    /// <summary>Z[k] = A[k−1] · W_kᵀ + b_k, [m × units_k].</summary>
    public T[][] Z { get; }

    /// <summary>A[k] = f_k(Z[k]), [m × units_k]; the last is the network's output.</summary>
    public T[][] A { get; }

    /// <summary>Runs the network on <paramref name="x"/> ([m × inputs], row-major).</summary>
    public static ForwardPass<T> Run(Architecture architecture, ReadOnlySpan<T> parameters, ReadOnlySpan<T> x, int rows)
    {
        var slots = architecture.Layout.Slots;
        var z = new T[slots.Length][];
        var a = new T[slots.Length][];
        for (int k = 0; k < slots.Length; k++)
        {
            var s = slots[k];
            ReadOnlySpan<T> input = k == 0 ? x : a[k - 1];
            z[k] = new T[rows * s.Outputs];
            a[k] = new T[rows * s.Outputs];
            Gemm.MultiplyTransposedB(input, parameters.Slice(s.WeightOffset, s.WeightCount), z[k], rows, s.Inputs, s.Outputs);
            Gemm.AddRowVector<T>(z[k], parameters.Slice(s.BiasOffset, s.Outputs));
            var activation = architecture.Layers[k].Activation;
            // Row by row, so a row's numbers never depend on which SIMD path the batch length selects.
            for (int r = 0; r < rows; r++)
                activation.Forward<T>(z[k].AsSpan(r * s.Outputs, s.Outputs), a[k].AsSpan(r * s.Outputs, s.Outputs), s.Outputs);
        }
        return new ForwardPass<T>(rows, z, a);
    }

    /// <summary>The network's output activations, [m × outputs].</summary>
    public T[] Output => A[^1];

    /// <summary>The input to layer k: X for the first layer, A[k−1] otherwise.</summary>
    public ReadOnlySpan<T> InputTo(int k, ReadOnlySpan<T> x) => k == 0 ? x : A[k - 1];
}
