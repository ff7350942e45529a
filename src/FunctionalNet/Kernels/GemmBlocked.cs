using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using FunctionalNet.Tensors;

namespace FunctionalNet.Kernels;

/// <summary>
/// Cache-blocked GEMM over packed panels (the Goto/BLIS loop nest): a KC × NC block of B is packed once and reused
/// by every MC × KC block of A; the micro-kernel keeps an MR × NR tile of C in registers. Large products are split
/// over column or row blocks of C, one share a thread, each claimed by the caller or a pool thread; k is never split,
/// so each element's sum is the same chain of fused multiply-adds whatever the thread count.
/// </summary>
internal static unsafe class GemmBlocked
{
    /// <summary>Depth of a chain block (k is cut into blocks of this many; operands packed in advance are cut alike).</summary>
    internal const int KC = 256;
    private const int MC = 128;
    private const int NC = 2048;

    /// <summary>
    /// The fewest multiply-adds a product gives each of its threads: below this, waking another core costs more than it
    /// saves. The one setting of the split; docs/performance.md ("The second core for mid-sized products") has its measurements.
    /// </summary>
    internal const long MinWorkPerThread = 1L << 19;

    // A packed element costs about this many multiply-adds (a load and a store, against 2·Count multiply-adds a cycle).
    private const int PackCost = 8;

    private const int MR = GemmMicroKernel.Rows;

    /// <summary>
    /// C[m × n] (leading dimension ldc) = A[m × k] · B[k × n] on up to <paramref name="parallelism"/>'s threads, reading
    /// A or B from panels packed in advance when <paramref name="readyA"/> or <paramref name="readyB"/> holds them; each
    /// tile is finished by <paramref name="epilogue"/> (positioned at C[0, 0]) after its last k block.
    /// </summary>
    public static void Run<T, TV, TL>(GemmOperand<T> a, GemmOperand<T> b, T* c, int ldc, int m, int k, int n, Parallelism parallelism,
        GemmPanels<T> readyA = default, GemmPanels<T> readyB = default, GemmEpilogue<T> epilogue = default)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where TL : struct, ILanes<TV, T>
    {
        int nr = 2 * TL.Count;
        long work = (long)m * n * k;
        int threads = (int)Math.Min(parallelism.MaxThreads, Math.Max(1, work / MinWorkPerThread));
        if (threads <= 1)
        {
            RunSingle<T, TV, TL>(a, b, c, ldc, m, k, n, readyA, readyB, epilogue);
            return;
        }
        // Split the side whose largest share costs least: its multiply-adds plus the packing every thread repeats
        // (all of A when columns are split, all of B when rows are). 100 columns in panels of 32 split 64 : 36, while
        // 200 rows split 104 : 96.
        int colUnits = (n + nr - 1) / nr, rowUnits = (m + MR - 1) / MR;
        int colShare = Math.Min(n, (colUnits + Math.Min(threads, colUnits) - 1) / Math.Min(threads, colUnits) * nr);
        int rowShare = Math.Min(m, (rowUnits + Math.Min(threads, rowUnits) - 1) / Math.Min(threads, rowUnits) * MR);
        bool byColumns = ShareCost(m, colShare, readyA.IsEmpty, readyB.IsEmpty) <= ShareCost(rowShare, n, readyA.IsEmpty, readyB.IsEmpty);
        int units = byColumns ? colUnits : rowUnits;
        threads = Math.Min(threads, units);
        // A run's crew may have timed its helpers slower than the caller alone: then the product runs unsplit (the same bits).
        if (threads <= 1 || parallelism.Crew is { } crew && !crew.TakesPart())
        {
            RunSingle<T, TV, TL>(a, b, c, ldc, m, k, n, readyA, readyB, epilogue);
            return;
        }

        // One share per thread, claimed in turn: a helper that starts late finds its share taken by the caller, which
        // never waits for a thread that has not started (on a busy machine a split then costs a queued work item, not a
        // wake-up; Parallel.For waited for its pool thread: 200 × 64 × 100 float took 35–40 µs instead of 28 at load 10–25).
        int unit = byColumns ? nr : MR;
        int per = (units + threads - 1) / threads * unit;
        var job = new Job<T, TV, TL>(a, b, c, ldc, m, k, n, per, byColumns, readyA, readyB, ((byColumns ? n : m) + per - 1) / per, epilogue);
        KernelCrew.Offer(parallelism, job, threads - 1);
        job.Work();
        job.AwaitClaimed();
        parallelism.Crew?.Done(job);
    }

    // A thread's cost per chain step for an rows × cols share of C: its tile and the panels it packs (none of an operand packed in advance).
    private static long ShareCost(int rows, int cols, bool packsA, bool packsB) =>
        (long)rows * cols + PackCost * ((packsA ? rows : 0) + (packsB ? cols : 0));

    // One split product: shares of `per` rows or columns of C, each claimed by one thread (the caller or a pool thread) and
    // run as a product of its own. The operands are pinned by the caller, which returns only when every claimed share is done.
    private sealed class Job<T, TV, TL>(GemmOperand<T> a, GemmOperand<T> b, T* c, int ldc, int m, int k, int n, int per, bool byColumns,
        GemmPanels<T> readyA, GemmPanels<T> readyB, int shares, GemmEpilogue<T> epilogue) : IThreadPoolWorkItem, ICrewJob
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where TL : struct, ILanes<TV, T>
    {
        private int next, finished;
        private System.Runtime.ExceptionServices.ExceptionDispatchInfo? failure;

        public void Execute() => Work();

        public void Help() => Work();

        // Claims and runs shares until none is left.
        public void Work()
        {
            for (int share; (share = Interlocked.Increment(ref next) - 1) < shares;)
            {
                try
                {
                    Run(share);
                }
                catch (Exception e)
                {
                    failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
                }
                Interlocked.Increment(ref finished);
            }
        }

        // Every share is claimed once the caller's Work returns; waits for those a helper is still running.
        public void AwaitClaimed()
        {
            var spin = new SpinWait();
            while (Volatile.Read(ref finished) < shares) spin.SpinOnce(sleep1Threshold: -1);
            failure?.Throw();
        }

        private void Run(int share)
        {
            int start = share * per;
            if (byColumns)
            {
                if (start < n) RunSingle<T, TV, TL>(a, b.Offset(0, start), c + start, ldc, m, k, Math.Min(per, n - start), readyA, readyB.Offset(start), epilogue.At(0, start));
            }
            else if (start < m)
            {
                RunSingle<T, TV, TL>(a.Offset(start, 0), b, c + (nint)start * ldc, ldc, Math.Min(per, m - start), k, n, readyA.Offset(start), readyB, epilogue.At(start, 0));
            }
        }
    }

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunSingle<T, TV, TL>(GemmOperand<T> a, GemmOperand<T> b, T* c, int ldc, int m, int k, int n,
        GemmPanels<T> readyA, GemmPanels<T> readyB, GemmEpilogue<T> epilogue)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where TL : struct, ILanes<TV, T>
    {
        int nr = 2 * TL.Count;
        int ncMax = Math.Min(NC, (n + nr - 1) / nr * nr);
        int kcMax = Math.Min(KC, k);
        int mcMax = Math.Min(MC, (m + MR - 1) / MR * MR);
        T[] packedA = ArrayPool<T>.Shared.Rent(mcMax * kcMax);
        T[] packedB = ArrayPool<T>.Shared.Rent(kcMax * ncMax);
        Span<T> edge = stackalloc T[MR * 2 * 64 / Unsafe.SizeOf<T>()];
        try
        {
            fixed (T* packA = packedA, packB = packedB, tile = edge)
            {
                for (int jc = 0; jc < n; jc += NC)
                {
                    int nc = Math.Min(NC, n - jc);
                    for (int pc = 0; pc < k; pc += KC)
                    {
                        int kc = Math.Min(KC, k - pc);
                        bool accumulate = pc > 0, finish = pc + kc == k;
                        T* pb = readyB.IsEmpty ? packB : readyB.Panel(pc, jc, kc);
                        if (readyB.IsEmpty) GemmPacking.PackB(b.Offset(pc, jc), kc, nc, pb, nr);
                        for (int ic = 0; ic < m; ic += MC)
                        {
                            int mc = Math.Min(MC, m - ic);
                            T* pa = readyA.IsEmpty ? packA : readyA.Panel(pc, ic, kc);
                            if (readyA.IsEmpty) GemmPacking.PackA(a.Offset(ic, pc), mc, kc, pa, MR);
                            for (int jr = 0; jr < nc; jr += nr)
                            {
                                int cols = Math.Min(nr, nc - jr);
                                T* bPanel = pb + (nint)jr * kc;
                                for (int ir = 0; ir < mc; ir += MR)
                                {
                                    int rows = Math.Min(MR, mc - ir);
                                    T* aPanel = pa + (nint)ir * kc;
                                    T* ct = c + (nint)(ic + ir) * ldc + jc + jr;
                                    var tail = epilogue.At(ic + ir, jc + jr);
                                    if (cols < nr)
                                        Edge<T, TV, TL>(aPanel, bPanel, kc, ct, ldc, rows, cols, accumulate, tile, nr, tail, finish);
                                    else if (rows == MR)
                                        GemmMicroKernel.Run<T, TV, TL>(ref *aPanel, ref *bPanel, kc, ref *ct, (nuint)ldc, accumulate, tail, finish);
                                    else
                                        LastRows<T, TV, TL>(aPanel, bPanel, kc, ct, ldc, rows, accumulate, tail, finish);
                                }
                            }
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(packedB);
            ArrayPool<T>.Shared.Return(packedA);
        }
    }

    // Fewer than MR rows left: four-row and one-row kernels cover them without computing padding.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void LastRows<T, TV, TL>(T* aPanel, T* bPanel, int kc, T* ct, int ldc, int rows, bool accumulate, GemmEpilogue<T> tail, bool finish)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where TL : struct, ILanes<TV, T>
    {
        int r = 0;
        for (; r + 4 <= rows; r += 4)
            GemmMicroKernel.RunFour<T, TV, TL>(ref *(aPanel + r), ref *bPanel, kc, ref *(ct + (nint)r * ldc), (nuint)ldc, accumulate, tail.At(r, 0), finish);
        for (; r < rows; r++)
            GemmMicroKernel.RunOne<T, TV, TL>(ref *(aPanel + r), ref *bPanel, kc, ref *(ct + (nint)r * ldc), (nuint)ldc, accumulate, tail.At(r, 0), finish);
    }

    // A partial tile runs the same kernel on a full-size scratch tile; only the real rows and columns are copied, and
    // finished there one element at a time (an addition and a comparison round the same alone as in a vector).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Edge<T, TV, TL>(T* aPanel, T* bPanel, int kc, T* ct, int ldc, int rows, int cols, bool accumulate, T* tile, int nr,
        GemmEpilogue<T> tail, bool finish)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where TL : struct, ILanes<TV, T>
    {
        if (accumulate)
        {
            for (int r = 0; r < rows; r++)
                new ReadOnlySpan<T>(ct + (nint)r * ldc, cols).CopyTo(new Span<T>(tile + r * nr, cols));
        }
        // Columns that fit one vector need half the tile's multiply-adds (n = 100 floats: the last 4 of 32).
        if (cols <= TL.Count) GemmMicroKernel.RunHalf<T, TV, TL>(ref *aPanel, ref *bPanel, kc, ref *tile, (nuint)nr, accumulate);
        else GemmMicroKernel.Run<T, TV, TL>(ref *aPanel, ref *bPanel, kc, ref *tile, (nuint)nr, accumulate, default, false);
        for (int r = 0; r < rows; r++)
        {
            new ReadOnlySpan<T>(tile + r * nr, cols).CopyTo(new Span<T>(ct + (nint)r * ldc, cols));
            if (finish && !tail.IsEmpty) tail.FinishRow(ct + (nint)r * ldc, r, cols);
        }
    }
}
