using FunctionalNet.Data;
using System.Collections.Immutable;
using FunctionalNet.Tensors;

namespace FunctionalNet;

/// <summary>
/// A matrix of targets per row with named columns: real values (regression) or 0/1 indicators (multi-label,
/// where each column is an independent binary label, trained with sigmoid outputs and binary cross-entropy).
/// </summary>
public sealed record ValueTargets : Targets
{
    /// <summary>Targets from a value matrix and one name per column; throws on a count mismatch.</summary>
    public ValueTargets(Matrix<double> values, ImmutableArray<string> names, bool isMultiLabel)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (names.IsDefault || names.Length != values.Cols)
            throw new ArgumentException($"expected {values.Cols} target names, found {(names.IsDefault ? 0 : names.Length)}", nameof(names));
        if (isMultiLabel)
            foreach (double v in values.Span)
                if (v is not (0.0 or 1.0)) throw new ArgumentException($"multi-label indicators must be 0 or 1, found {v}", nameof(values));
        Values = values;
        Names = names;
        IsMultiLabel = isMultiLabel;
    }

    /// <summary>[m × outputs] target values.</summary>
    public Matrix<double> Values { get; }

    /// <summary>One name per target column.</summary>
    public ImmutableArray<string> Names { get; }

    /// <summary>True for 0/1 indicator columns (multi-label), false for real values (regression).</summary>
    public bool IsMultiLabel { get; }

    /// <inheritdoc/>
    public override int Count => Values.Rows;

    /// <inheritdoc/>
    public override Targets SelectRows(ReadOnlySpan<int> indices) => new ValueTargets(Values.SelectRows(indices), Names, IsMultiLabel);

    /// <inheritdoc/>
    public override Matrix<double> ToMatrix(int? outputs = null)
    {
        if (outputs is { } width && width != Values.Cols)
            throw new ArgumentException($"the targets have {Values.Cols} columns, found a request for {width}", nameof(outputs));
        return Values;
    }
}
