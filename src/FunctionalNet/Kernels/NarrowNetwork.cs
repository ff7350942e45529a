using System.Runtime.Intrinsics;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;

namespace FunctionalNet.Kernels;

/// <summary>
/// The selection rule for the fused whole-network gradient (<see cref="NarrowGradient{T}"/>): a network every layer of
/// which (inputs included) is at most <see cref="MaxWidth"/> wide, whose activations and loss the fused kernel computes.
/// Wider networks are dominated by their products, which the GEMM kernels already run near peak; for narrow ones the
/// layer-by-layer route pays per-call setup and a memory pass per elementwise step, which fusing removes.
/// </summary>
internal static class NarrowNetwork
{
    /// <summary>The widest layer the fused kernel takes (measured: see docs/performance.md, "moons-gd: fused tiny-network kernel").</summary>
    public const int MaxWidth = 16;

    /// <summary>Rows the kernel carries through every layer at once: a block's activations stay in L1.</summary>
    public const int BlockRows = 64;

    /// <summary>
    /// The fewest blocks in a chunk: the unit whose gradient terms are summed on their own and then added to the others'
    /// in chunk order (<see cref="NarrowChunks{T}"/>), so a chunk is what a thread takes.
    /// </summary>
    public const int MinChunkBlocks = 4;

    /// <summary>The most chunks of one batch: larger batches get larger chunks, so the chunks' buffers stay bounded.</summary>
    public const int MaxChunks = 64;

    /// <summary>
    /// Rows from which a batch's chunks are shared among threads (measured: docs/performance.md, "Narrow kernels on two
    /// cores"); below it the handoff costs more than the second core saves.
    /// </summary>
    public const int ParallelRows = 320;

    /// <summary>Blocks per chunk for a batch of <paramref name="blocks"/> blocks: a function of the batch alone, never of the threads.</summary>
    public static int ChunkBlocks(int blocks) => Math.Max(MinChunkBlocks, (blocks + MaxChunks - 1) / MaxChunks);

    /// <summary>
    /// True when <paramref name="architecture"/>'s gradient may be computed by the fused kernel: narrow layers, hidden
    /// activations among identity, sigmoid, tanh and ReLU, and an output that is sigmoid with binary cross-entropy, softmax
    /// with cross-entropy, or one of those four elementwise activations with squared error; and 256-bit vectors in hardware.
    /// </summary>
    public static bool Qualifies(Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (!Vector256.IsHardwareAccelerated) return false;
        if (architecture.Inputs > MaxWidth) return false;
        var layers = architecture.Layers;
        for (int k = 0; k < layers.Length; k++)
        {
            if (layers[k].Units > MaxWidth) return false;
            if (k < layers.Length - 1 && !IsElementwise(layers[k].Activation)) return false;
        }
        var output = architecture.Output.Activation;
        return architecture.Loss switch
        {
            BinaryCrossEntropy => output is Sigmoid,
            CrossEntropy => output is Softmax,
            SquaredError => IsElementwise(output),
            _ => false,
        };
    }

    /// <summary>The elementwise activations the kernel applies and differentiates from their outputs.</summary>
    internal static bool IsElementwise(Activation activation) => activation is Identity or Sigmoid or Tanh or Relu;
}
