using System.Numerics;
using FunctionalNet.Model;
using FunctionalNet.Tensors;

namespace FunctionalNet.Kernels;

/// <summary>
/// One row through a network on a per-thread scratch buffer, so that scoring a single row in a service allocates
/// nothing. The layers run through the same GEMM and fused bias-and-activation kernels as a batch pass, whose bits
/// depend only on an element's own row and column, so a row scored here is bit-identical to the same row in a batch.
/// The buffer is hidden scratch, overwritten in full before it is read; no value escapes a call.
/// </summary>
internal static class RowForward<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    // The spare buffer of this thread: taken while a call runs (so a nested call, from a custom activation say, gets
    // its own) and given back at the end; it only ever grows, to the widest network this thread has scored.
    [ThreadStatic] private static T[]? spare;

    /// <summary>
    /// A work buffer for one row of <paramref name="architecture"/>: three regions of <see cref="Widest"/> values (the
    /// layer input, z and a). The input row goes in the first <c>Inputs</c> values. Hand it back with <see cref="Give"/>.
    /// </summary>
    public static T[] Take(Architecture architecture)
    {
        int length = 3 * Widest(architecture);
        var buffer = spare;
        spare = null;
        return buffer is not null && buffer.Length >= length ? buffer : new T[length];
    }

    /// <summary>Keeps <paramref name="buffer"/> as this thread's spare for the next call.</summary>
    public static void Give(T[] buffer) => spare = buffer;

    /// <summary>The widest of the input and every layer: the length of one region of a work buffer.</summary>
    public static int Widest(Architecture architecture)
    {
        int widest = architecture.Inputs;
        foreach (var layer in architecture.Layers) widest = Math.Max(widest, layer.Units);
        return widest;
    }

    /// <summary>
    /// Runs the network on the input row at the start of <paramref name="work"/> (from <see cref="Take"/>) and returns
    /// the output activations, a slice of <paramref name="work"/> valid until its next use.
    /// </summary>
    public static ReadOnlySpan<T> Run(Architecture architecture, ReadOnlySpan<T> parameters, T[] work)
    {
        int widest = Widest(architecture);
        var slots = architecture.Layout.Slots;
        // Layer k reads region `input` and writes z to region 1 and a to the region that is neither; a becomes the next input.
        int input = 0;
        for (int k = 0; k < slots.Length; k++)
        {
            var s = slots[k];
            int output = input == 0 ? 2 : 0;
            var x = work.AsSpan(input * widest, s.Inputs);
            var z = work.AsSpan(widest, s.Outputs);
            var a = work.AsSpan(output * widest, s.Outputs);
            Gemm.MultiplyTransposedB<T>(x, parameters.Slice(s.WeightOffset, s.WeightCount), z, 1, s.Inputs, s.Outputs, new Parallelism(1));
            FusedKernels.AddBiasAndActivate(architecture.Layers[k].Activation, z, parameters.Slice(s.BiasOffset, s.Outputs), a);
            input = output;
        }
        return work.AsSpan(input * widest, architecture.Outputs);
    }
}
