using System.Collections.Immutable;

namespace FunctionalNet.Data.Tables;

/// <summary>One named column of a raw <see cref="Table"/>: numbers (<see cref="NumberColumn"/>) or text (<see cref="TextColumn"/>), either with missing cells.</summary>
public abstract record TableColumn
{
    private protected TableColumn(string name) => Name = name;

    /// <summary>The column's header.</summary>
    public string Name { get; }

    /// <summary>Number of cells.</summary>
    public abstract int Count { get; }

    /// <summary>Whether cell <paramref name="row"/> is missing.</summary>
    public abstract bool IsMissing(int row);

    /// <summary>Number of missing cells.</summary>
    public int MissingCount => Enumerable.Range(0, Count).Count(IsMissing);
}

/// <summary>A numeric column; a missing cell is NaN (a file's numbers are always finite, so NaN means only "missing").</summary>
public sealed record NumberColumn : TableColumn
{
    /// <summary>A numeric column named <paramref name="name"/>.</summary>
    public NumberColumn(string name, ImmutableArray<double> values) : base(name) => Values = values;

    /// <summary>The cells, NaN where missing.</summary>
    public ImmutableArray<double> Values { get; }

    /// <inheritdoc/>
    public override int Count => Values.Length;

    /// <inheritdoc/>
    public override bool IsMissing(int row) => double.IsNaN(Values[row]);
}

/// <summary>A text (categorical) column; a missing cell is null.</summary>
public sealed record TextColumn : TableColumn
{
    /// <summary>A text column named <paramref name="name"/>.</summary>
    public TextColumn(string name, ImmutableArray<string?> values) : base(name) => Values = values;

    /// <summary>The cells, trimmed, null where missing.</summary>
    public ImmutableArray<string?> Values { get; }

    /// <inheritdoc/>
    public override int Count => Values.Length;

    /// <inheritdoc/>
    public override bool IsMissing(int row) => Values[row] is null;
}
