using System.Numerics;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Tensors;
using FunctionalNet.Tests.Optimization;
using FunctionalNet.Training;

namespace FunctionalNet.Tests.Training;

/// <summary>
/// The engine's steady-state steps allocate nothing: a run of 2K steps allocates what a run of K steps does, apart from
/// per-epoch snapshots. Counted on the test's own thread, so
/// tests running in parallel do not disturb it.
/// </summary>
public sealed class EngineAllocationTests
{
    private const int K = 40;

    private static readonly Architecture Net = Architecture.Mlp([8, 16, 3], Activation.Relu, Activation.Softmax, Loss.CrossEntropy, 1e-4).Get();

    private static Batch<T> Data<T>(int rows) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = new T[rows * 8];
        Rng.Create(2).FillUniform<T>(x, 0, 1);
        var y = new T[rows * 3];
        for (int r = 0; r < rows; r++) y[r * 3 + r % 3] = T.One;
        return new Batch<T>(Matrix<T>.Create(rows, 8, x), Matrix<T>.Create(rows, 3, y));
    }

    /// <summary>Bytes this thread allocates enumerating the trace to its end, after a first enumeration has warmed up the JIT.</summary>
    private static long Allocated<T>(Batch<T> data, UpdateRule rule, Batching batching, int epochs) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var options = TrainingOptions.Create(epochs, batching, Rng.Create(3), epochCost: EpochCost.None).Get();
        var trace = Train.Fit(Net, data, rule, Initializer.Xavier.Initialize<T>(Net, Rng.Create(1)), options).Get();
        foreach (var _ in trace) { }
        long before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var _ in trace) { }
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void Steady_state_steps_allocate_nothing_in_float32() => Check<float>();

    [Fact]
    public void Steady_state_steps_allocate_nothing_in_float64() => Check<double>();

    private static void Check<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var adam = Rules.Adam(1e-3).Get();
        var sgd = Rules.Sgd(0.01).Get();

        // One epoch of K or 2K single-sample steps: the same bytes.
        var data = Data<T>(100);
        var (k, twoK) = Support.SteadyAllocation.Counts(() => (Allocated(data, adam, Batching.WithReplacement(K), 1), Allocated(data, adam, Batching.WithReplacement(2 * K), 1)));
        Assert.Equal(k, twoK);

        // The same K shuffled batches of 50 per epoch, one or two epochs (a fresh 2,000-row permutation would show): the second epoch's K steps and its shuffle add
        // nothing beyond its end's snapshot (parameters, Adam's two moments, records); the order buffer is the run's.
        var batches = Data<T>(50 * K);
        // Warm-up: the first run of a route compiles its methods, and what the JIT allocates on this thread would be
        // charged to whichever run came first (seen once in CI: 7,168 B on the two-epoch run).
        // Settled counts as for the first check: a collection or the JIT landing on this thread inside one run was charged to it
        // (seen in CI at 22:54 UTC on 2026-12-07: 5,984 B against a bound of 5,704, passing on every rerun).
        Allocated(batches, adam, Batching.Shuffled(50), 1);
        var (one, two) = Support.SteadyAllocation.Counts(() => (Allocated(batches, adam, Batching.Shuffled(50), 1), Allocated(batches, adam, Batching.Shuffled(50), 2)));
        long secondEpoch = two - one;
        Assert.InRange(secondEpoch, 0, 3 * Net.Layout.Count * System.Runtime.CompilerServices.Unsafe.SizeOf<T>() + 1024);

        // Full batches step once per epoch: each extra epoch may allocate its snapshot (parameters, a counter, records), no more.
        var (kEpochs, twoKEpochs) = Support.SteadyAllocation.Counts(() => (Allocated(data, sgd, Batching.Full, K), Allocated(data, sgd, Batching.Full, 2 * K)));
        long perEpoch = (twoKEpochs - kEpochs) / K;
        Assert.InRange(perEpoch, 0, Net.Layout.Count * System.Runtime.CompilerServices.Unsafe.SizeOf<T>() + 1024);
    }
}
