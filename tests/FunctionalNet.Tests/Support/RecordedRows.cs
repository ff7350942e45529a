using FunctionalNet.Data;

namespace FunctionalNet.Tests.Support;

/// <summary>An in-memory batch as a row source (so rows are gathered, not sliced) that records every row gathered from it, from any thread.</summary>
internal sealed class RecordedRows(Batch<double> batch) : IRowSource<double>
{
    private readonly BatchRows<double> rows = new(batch);

    public List<int> Read { get; } = [];

    public int Count => rows.Count;

    public int Inputs => rows.Inputs;

    public int Outputs => rows.Outputs;

    public bool Weighted => rows.Weighted;

    public void Order(Rng draws, Span<int> order) => rows.Order(draws, order);

    public void Gather(ReadOnlySpan<int> rows, Span<double> features, Span<double> targets) => Gather(rows, features, targets, default);

    public void Gather(ReadOnlySpan<int> rows, Span<double> features, Span<double> targets, Span<double> weights)
    {
        lock (Read) Read.AddRange(rows);
        this.rows.Gather(rows, features, targets, weights);
    }
}
