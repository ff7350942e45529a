using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FunctionalNet.Model;
using Architecture = FunctionalNet.Model.Architecture;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tensors;

namespace FunctionalNet.Kernels;

/// <summary>
/// The output layer of a <see cref="NarrowBlock{T}"/>: its activation, the loss and the scaled output delta for a block of
/// rows, unit-major ([outputs × rows]). The same formulas as the <see cref="Loss"/> records (binary cross-entropy from the
/// logits as max(z, 0) − yz + log1p(e^−|z|), each term <see cref="LogisticTerms"/>' own from the sigmoid's e^−z,
/// cross-entropy through log-sum-exp), with exp and log vectorised.
/// </summary>
internal sealed class NarrowOutput<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int B = NarrowNetwork.BlockRows;
    private readonly int outputs;
    private readonly int kind;
    private readonly Loss loss;
    private readonly bool softmax;
    private readonly T[] rowMax = new T[B], rowSum = new T[B], rowCost = new T[B];
    // e^−z of a sigmoid output, kept from the forward pass for binary cross-entropy's cost (LogisticTerms.Term).
    private readonly T[] expNegative;

    public NarrowOutput(Architecture architecture)
    {
        outputs = architecture.Outputs;
        loss = architecture.Loss;
        softmax = architecture.Output.Activation is Softmax;
        kind = NarrowBlock<T>.Kind(architecture.Output.Activation);
        Logits = new T[outputs * B];
        expNegative = loss is BinaryCrossEntropy ? new T[outputs * B] : [];
    }

    /// <summary>z of the output layer for the block.</summary>
    public T[] Logits { get; }

    /// <summary>a = f(<see cref="Logits"/>).</summary>
    public void Activate<TV, TL>(T[] a)
        where TV : struct
        where TL : struct, IRowLanes<TV, T>
    {
        if (softmax)
        {
            Softmax<TV, TL>(a);
            return;
        }
        if (kind == 2)
        {
            Lanewise.Tanh<T>(Logits, a);
            return;
        }
        ref T z = ref MemoryMarshal.GetArrayDataReference(Logits);
        ref T av = ref MemoryMarshal.GetArrayDataReference(a);
        if (kind == 1 && expNegative.Length != 0)
        {
            // NarrowBlock.Sigmoid's exact operations, with its e^−z kept.
            ref T en = ref MemoryMarshal.GetArrayDataReference(expNegative);
            TV one = TL.Broadcast(T.One);
            for (int i = 0; i < Logits.Length; i += TL.Count)
            {
                TV e = TL.Exp(TL.Subtract(TL.Zero, TL.Load(ref z, (nuint)i)));
                TL.Store(e, ref en, (nuint)i);
                TL.Store(TL.Divide(one, TL.Add(one, e)), ref av, (nuint)i);
            }
            return;
        }
        for (int i = 0; i < Logits.Length; i += TL.Count)
        {
            TV zi = TL.Load(ref z, (nuint)i);
            TL.Store(kind == 1 ? NarrowBlock<T>.Sigmoid<TV, TL>(zi) : kind == 3 ? TL.Max(zi, TL.Zero) : zi, ref av, (nuint)i);
        }
    }

    // a[j] = e^(z[j] − max) / Σ e^(z − max) row by row, the rows of a register at once; keeps max and Σ for the cost.
    private void Softmax<TV, TL>(T[] a)
        where TV : struct
        where TL : struct, IRowLanes<TV, T>
    {
        ref T z = ref MemoryMarshal.GetArrayDataReference(Logits);
        ref T e = ref MemoryMarshal.GetArrayDataReference(a);
        ref T mx = ref MemoryMarshal.GetArrayDataReference(rowMax);
        ref T sm = ref MemoryMarshal.GetArrayDataReference(rowSum);
        for (int c = 0; c < B; c += TL.Count)
        {
            TV max = TL.Load(ref z, (nuint)c);
            for (int j = 1; j < outputs; j++) max = TL.Max(max, TL.Load(ref z, (nuint)(j * B + c)));
            TL.Store(max, ref mx, (nuint)c);
            TV sum = TL.Zero;
            for (int j = 0; j < outputs; j++)
            {
                TV ej = TL.Exp(TL.Subtract(TL.Load(ref z, (nuint)(j * B + c)), max));
                sum = TL.Add(sum, ej);
                TL.Store(ej, ref e, (nuint)(j * B + c));
            }
            TL.Store(sum, ref sm, (nuint)c);
            for (int j = 0; j < outputs; j++) TL.Store(TL.Divide(TL.Load(ref e, (nuint)(j * B + c)), sum), ref e, (nuint)(j * B + c));
        }
    }

    /// <summary>Σ over the block's rows of weight · loss, the per-row losses summed over outputs in T, the rows in double.</summary>
    public double Cost<TV, TL>(T[] a, NarrowRows<T> rows, int block)
        where TV : struct
        where TL : struct, IRowLanes<TV, T>
    {
        ref T y = ref rows.Y[block * outputs * B];
        switch (loss)
        {
            case BinaryCrossEntropy: BinaryCrossEntropyRows<TV, TL>(ref y); break;
            case CrossEntropy: CrossEntropyRows<TV, TL>(ref y); break;
            default: SquaredErrorRows<TV, TL>(a, ref y); break;
        }
        return WeightedSum<TV, TL>(rowCost, ref rows.Weight[block * B]);
    }

    /// <summary>
    /// Σ_b weight_b · cost_b in double, the rows in order from 0 (<paramref name="cost"/> is left holding the products).
    /// The products are independent, so they are formed a register at a time first; what is left on the sum's chain of
    /// dependent additions is one load and add a row, unrolled, so the chain leaves room in the core's window for the
    /// block's next work instead of holding it up — the same additions in the same order, so the same bits.
    /// </summary>
    internal static double WeightedSum<TV, TL>(T[] cost, ref T weight)
        where TV : struct
        where TL : struct, IRowLanes<TV, T>
    {
        ref T c = ref MemoryMarshal.GetArrayDataReference(cost);
        for (int b = 0; b < B; b += TL.Count) TL.Store(TL.Multiply(TL.Load(ref weight, (nuint)b), TL.Load(ref c, (nuint)b)), ref c, (nuint)b);
        double sum = 0;
        for (int b = 0; b < B; b += 4)
        {
            sum += double.CreateTruncating(Unsafe.Add(ref c, b));
            sum += double.CreateTruncating(Unsafe.Add(ref c, b + 1));
            sum += double.CreateTruncating(Unsafe.Add(ref c, b + 2));
            sum += double.CreateTruncating(Unsafe.Add(ref c, b + 3));
        }
        return sum;
    }

    // Σ_j max(z, 0) − y·z + log1p(e^−|z|), each term from the forward pass's e^−z (LogisticTerms.Term, the pure loss's own).
    private void BinaryCrossEntropyRows<TV, TL>(ref T y)
        where TV : struct
        where TL : struct, IRowLanes<TV, T>
    {
        ref T z = ref MemoryMarshal.GetArrayDataReference(Logits);
        ref T en = ref MemoryMarshal.GetArrayDataReference(expNegative);
        ref T cost = ref MemoryMarshal.GetArrayDataReference(rowCost);
        for (int c = 0; c < B; c += TL.Count)
        {
            TV sum = TL.Zero;
            for (int j = 0; j < outputs; j++)
            {
                nuint at = (nuint)(j * B + c);
                sum = TL.Add(sum, LogisticTerms.Term<T, TV, TL>(TL.Load(ref z, at), TL.Load(ref en, at), TL.Load(ref y, at)));
            }
            TL.Store(sum, ref cost, (nuint)c);
        }
    }

    // Σ_j y_j (max + log Σ − z_j), from the softmax's row maximum and sum.
    private void CrossEntropyRows<TV, TL>(ref T y)
        where TV : struct
        where TL : struct, IRowLanes<TV, T>
    {
        ref T z = ref MemoryMarshal.GetArrayDataReference(Logits);
        ref T mx = ref MemoryMarshal.GetArrayDataReference(rowMax);
        ref T ls = ref MemoryMarshal.GetArrayDataReference(rowSum);
        ref T cost = ref MemoryMarshal.GetArrayDataReference(rowCost);
        for (int c = 0; c < B; c += TL.Count)
        {
            TV lse = TL.Add(TL.Load(ref mx, (nuint)c), TL.Log(TL.Load(ref ls, (nuint)c)));
            TV sum = TL.Zero;
            for (int j = 0; j < outputs; j++)
                sum = TL.MultiplyAdd(TL.Load(ref y, (nuint)(j * B + c)), TL.Subtract(lse, TL.Load(ref z, (nuint)(j * B + c))), sum);
            TL.Store(sum, ref cost, (nuint)c);
        }
    }

    // ½ Σ_j (a_j − y_j)².
    private void SquaredErrorRows<TV, TL>(T[] a, ref T y)
        where TV : struct
        where TL : struct, IRowLanes<TV, T>
    {
        ref T av = ref MemoryMarshal.GetArrayDataReference(a);
        ref T cost = ref MemoryMarshal.GetArrayDataReference(rowCost);
        TV half = TL.Broadcast(T.One / (T.One + T.One));
        for (int c = 0; c < B; c += TL.Count)
        {
            TV sum = TL.Zero;
            for (int j = 0; j < outputs; j++)
            {
                TV r = TL.Subtract(TL.Load(ref av, (nuint)(j * B + c)), TL.Load(ref y, (nuint)(j * B + c)));
                sum = TL.MultiplyAdd(r, r, sum);
            }
            TL.Store(TL.Multiply(half, sum), ref cost, (nuint)c);
        }
    }

    /// <summary>
    /// δ = ∂ℓ/∂z · scale: (a − y) for sigmoid with binary cross-entropy, (a·Σy − y) for softmax with cross-entropy,
    /// (a − y)·f′ for squared error.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Delta<TV, TL>(T[] a, T[] delta, NarrowRows<T> rows, int block)
        where TV : struct
        where TL : struct, IRowLanes<TV, T>
    {
        ref T av = ref MemoryMarshal.GetArrayDataReference(a);
        ref T d = ref MemoryMarshal.GetArrayDataReference(delta);
        ref T y = ref rows.Y[block * outputs * B];
        ref T scale = ref rows.Scale[block * B];
        bool squared = loss is SquaredError;
        for (int c = 0; c < B; c += TL.Count)
        {
            TV s = TL.Load(ref scale, (nuint)c);
            if (softmax)
            {
                TV mass = TL.Load(ref y, (nuint)c);
                for (int j = 1; j < outputs; j++) mass = TL.Add(mass, TL.Load(ref y, (nuint)(j * B + c)));
                for (int j = 0; j < outputs; j++)
                {
                    nuint at = (nuint)(j * B + c);
                    TL.Store(TL.Multiply(TL.Subtract(TL.Multiply(TL.Load(ref av, at), mass), TL.Load(ref y, at)), s), ref d, at);
                }
                continue;
            }
            for (int j = 0; j < outputs; j++)
            {
                nuint at = (nuint)(j * B + c);
                TV aj = TL.Load(ref av, at);
                TV r = TL.Subtract(aj, TL.Load(ref y, at));
                if (squared) r = TL.Multiply(r, NarrowBlock<T>.Derivative<TV, TL>(kind, aj));
                TL.Store(TL.Multiply(r, s), ref d, at);
            }
        }
    }
}
