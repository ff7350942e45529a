using System.Numerics;
using FunctionalNet.Model;

namespace FunctionalNet.Kernels;

/// <summary>
/// A batch in the layout of the fused narrow-network kernel (<see cref="NarrowGradient{T}"/>): blocks of
/// <see cref="NarrowNetwork.BlockRows"/> rows, each unit-major ([features × rows], [outputs × rows]), with every row's
/// weight in the cost and its output-delta factor. Rows past the end are zero with weight 0. A full-batch run fills it
/// once and reuses it for every step; a mini-batch run refills it per batch.
/// </summary>
internal sealed class NarrowRows<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int B = NarrowNetwork.BlockRows;
    private readonly int inputs, outputs;

    /// <summary>Empty rows for <paramref name="architecture"/>; <see cref="Fill"/> sizes them.</summary>
    public NarrowRows(Architecture architecture)
    {
        inputs = architecture.Inputs;
        outputs = architecture.Outputs;
    }

    /// <summary>Features, block after block, each [inputs × rows].</summary>
    public T[] X { get; private set; } = [];

    /// <summary>Targets, block after block, each [outputs × rows].</summary>
    public T[] Y { get; private set; } = [];

    /// <summary>Each row's weight in the cost: 1, its sample weight, or 0 for padding.</summary>
    public T[] Weight { get; private set; } = [];

    /// <summary>Each row's output-delta factor: its weight over <see cref="Total"/> (1/m exactly without weights).</summary>
    public T[] Scale { get; private set; } = [];

    /// <summary>The number of real rows.</summary>
    public int Rows { get; private set; }

    /// <summary>Blocks holding <see cref="Rows"/>.</summary>
    public int Blocks => (Rows + B - 1) / B;

    /// <summary>Σ weights in double (the row count without weights).</summary>
    public double Total { get; private set; }

    /// <summary>
    /// Lays out [rows × inputs] features, [rows × outputs] targets and the rows' weights (or none); the output-delta factors
    /// divide by <paramref name="total"/> when given (a slot of a batch with that Σw or m), else by the rows' own.
    /// </summary>
    public void Fill(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> weights, int rows, double? total = null)
    {
        Rows = rows;
        int blocks = Blocks;
        if (X.Length < blocks * inputs * B)
        {
            X = new T[blocks * inputs * B];
            Y = new T[blocks * outputs * B];
            Weight = new T[blocks * B];
            Scale = new T[blocks * B];
        }
        Total = total ?? SampleWeights.Total(weights, rows);
        // wᵣ · (1/Σw), as SampleWeights.ScaleRows scales the output delta.
        T inverse = Total == 0 ? T.Zero : T.One / T.CreateTruncating(Total);
        Transpose(x, X, inputs, rows);
        Transpose(y, Y, outputs, rows);
        for (int r = 0; r < blocks * B; r++)
        {
            T w = r >= rows ? T.Zero : weights.IsEmpty ? T.One : weights[r];
            Weight[r] = w;
            Scale[r] = w * inverse;
        }
    }

    // Row r, column i goes to block r / B, position i · B + r % B; the last block's padding is zeroed.
    private static void Transpose(ReadOnlySpan<T> source, T[] destination, int width, int rows)
    {
        int blocks = (rows + B - 1) / B;
        if (rows % B != 0) destination.AsSpan((blocks - 1) * width * B, width * B).Clear();
        for (int r = 0; r < rows; r++)
        {
            var row = source.Slice(r * width, width);
            var block = destination.AsSpan(r / B * width * B + r % B);
            for (int i = 0; i < width; i++) block[i * B] = row[i];
        }
    }
}
