using System.Numerics;
using FunctionalNet.Model;
using FunctionalNet.Training;

namespace FunctionalNet.Kernels;

/// <summary>
/// The gradient route of one first-order run, chosen once from the architecture, the batch shape, dropout and the
/// options, so <see cref="FirstOrderRun"/> branches on one value instead of testing each kernel's conditions inline.
/// </summary>
internal abstract record KernelPlan
{
    private KernelPlan()
    {
    }

    /// <summary>The layer-by-layer backpropagation over a <see cref="Workspace{T}"/>: every network, every batching.</summary>
    public sealed record Layered : KernelPlan;

    /// <summary>
    /// The fused whole-network gradient (<see cref="NarrowGradient{T}"/>): narrow networks on full or shuffled batches
    /// without dropout, when <see cref="KernelChoice.Fast"/> allows its own rounding.
    /// </summary>
    public sealed record Narrow : KernelPlan;

    /// <summary>The fused one-sample plain-SGD step (<see cref="SampleStep{T}"/>, the layered path's bits without a gradient vector).</summary>
    public sealed record OneSample : KernelPlan;

    /// <summary>
    /// The route for <paramref name="architecture"/> trained with <paramref name="options"/> on batches of
    /// <paramref name="rows"/> rows. <paramref name="inMemory"/>: the rows are one in-memory batch (the one-sample step
    /// indexes it); <paramref name="weighted"/>: they carry sample weights; <paramref name="scalesOnly"/>: the rule only
    /// scales by the learning rate; <paramref name="outputCheck"/>: divergence is checked on the layered pass's outputs.
    /// </summary>
    public static KernelPlan For<T>(Architecture architecture, TrainingOptions options, int rows, bool inMemory, bool weighted, bool scalesOnly,
        bool outputCheck) where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool dropout = options.Dropout is not null;
        if (inMemory && SampleStep<T>.Supports(options.Batching, rows, scalesOnly, dropout, weighted)) return new OneSample();
        bool batches = options.Batching is Batching.FullBatch || options.Batching is Batching.ShuffledBatches && !outputCheck;
        return options.Kernels == KernelChoice.Fast && !dropout && batches && NarrowNetwork.Qualifies(architecture) ? new Narrow() : new Layered();
    }
}
