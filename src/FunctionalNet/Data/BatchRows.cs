using System.Numerics;

namespace FunctionalNet.Data;

/// <summary>An in-memory batch as a row source: a full shuffle per epoch and plain row copies (the engine's original path, bit for bit).</summary>
internal sealed class BatchRows<T>(Batch<T> batch) : IRowSource<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public Batch<T> Batch { get; } = batch;

    public int Count => Batch.Count;

    public int Inputs => Batch.Features.Cols;

    public int Outputs => Batch.Targets.Cols;

    public void Order(Rng draws, Span<int> order) => draws.Permute(order);

    public bool Weighted => Batch.Weights is not null;

    public void Gather(ReadOnlySpan<int> rows, Span<T> features, Span<T> targets) => Gather(rows, features, targets, default);

    public void Gather(ReadOnlySpan<int> rows, Span<T> features, Span<T> targets, Span<T> weights)
    {
        int inputs = Inputs, outputs = Outputs;
        var x = Batch.Features.Span;
        var y = Batch.Targets.Span;
        var w = Batch.WeightSpan;
        for (int i = 0; i < rows.Length; i++)
        {
            x.Slice(rows[i] * inputs, inputs).CopyTo(features.Slice(i * inputs, inputs));
            y.Slice(rows[i] * outputs, outputs).CopyTo(targets.Slice(i * outputs, outputs));
            if (!weights.IsEmpty && !w.IsEmpty) weights[i] = w[rows[i]];
        }
    }
}
