using System.Numerics;
using System.Runtime.Intrinsics;
using FunctionalNet.Model;
using FunctionalNet.Tensors;

namespace FunctionalNet.Kernels;

/// <summary>
/// One row through a network on a per-thread scratch buffer, so that scoring a single row in a service allocates
/// nothing. Each layer is the row times the parameters' transposed weight copy (<see cref="RowWeights{T}"/>, eight
/// vector chains side by side) and then the batch pass's fused bias-and-activation kernel; every output is the same
/// fused multiply-add chain over p as in the GEMM, whose bits depend only on an element's own row and column, so a
/// row scored here is bit-identical to the same row in a batch. The buffer is hidden scratch, overwritten before it
/// is read; no value escapes a call.
/// </summary>
internal static class RowForward<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    // The spare buffer of this thread: taken while a call runs (so a nested call, from a custom activation say, gets
    // its own) and given back at the end; it only ever grows, to the widest network this thread has scored.
    [ThreadStatic] private static T[]? spare;

    /// <summary>
    /// A work buffer for one row of <paramref name="architecture"/>: three regions of <see cref="Region"/> values (the
    /// layer input, z and a). The input row goes in the first <c>Inputs</c> values. Hand it back with <see cref="Give"/>.
    /// </summary>
    public static T[] Take(Architecture architecture)
    {
        int length = 3 * Region(architecture);
        var buffer = spare;
        spare = null;
        return buffer is not null && buffer.Length >= length ? buffer : new T[length];
    }

    /// <summary>Keeps <paramref name="buffer"/> as this thread's spare for the next call.</summary>
    public static void Give(T[] buffer) => spare = buffer;

    /// <summary>
    /// The widest of the input and every layer, rounded up to a whole pass of the row kernel (which writes a pass's
    /// full width into z): the length of one region of a work buffer.
    /// </summary>
    public static int Region(Architecture architecture)
    {
        int widest = architecture.Inputs;
        foreach (var layer in architecture.Layers) widest = Math.Max(widest, layer.Units);
        return RowTimesPacked.Reach(widest, RowWeights<T>.Lanes);
    }

    /// <summary>
    /// Runs the network on the input row at the start of <paramref name="work"/> (from <see cref="Take"/>) and returns
    /// the output activations, a slice of <paramref name="work"/> valid until its next use.
    /// </summary>
    public static ReadOnlySpan<T> Run(Architecture architecture, Parameters<T> parameters, T[] work)
    {
        int region = Region(architecture);
        var slots = architecture.Layout.Slots;
        var packed = parameters.RowWeights;
        // Layer k reads region `input` and writes z to region 1 and a to the region that is neither; a becomes the next input.
        int input = 0;
        for (int k = 0; k < slots.Length; k++)
        {
            var s = slots[k];
            int output = input == 0 ? 2 : 0;
            var x = work.AsSpan(input * region, s.Inputs);
            var z = work.AsSpan(region, region);
            if (Vector512.IsHardwareAccelerated)
                RowTimesPacked.Run<T, Vector512<T>, Lanes512<T>>(x, packed.Layer(k), z, s.Inputs, packed.Stride(k));
            else if (Vector256.IsHardwareAccelerated)
                RowTimesPacked.Run<T, Vector256<T>, Lanes256<T>>(x, packed.Layer(k), z, s.Inputs, packed.Stride(k));
            else
                Gemm.MultiplyTransposedB<T>(x, parameters.Weights(k), z[..s.Outputs], 1, s.Inputs, s.Outputs, new Parallelism(1));
            FusedKernels.AddBiasAndActivate(architecture.Layers[k].Activation, z[..s.Outputs], parameters.Bias(k), work.AsSpan(output * region, s.Outputs));
            input = output;
        }
        return work.AsSpan(input * region, architecture.Outputs);
    }
}
