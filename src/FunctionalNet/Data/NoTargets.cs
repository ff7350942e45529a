using FunctionalNet.Tensors;

namespace FunctionalNet.Data;

/// <summary>Rows without targets: features to predict on.</summary>
/// <param name="Rows">Number of rows.</param>
public sealed record NoTargets(int Rows) : Targets
{
    /// <inheritdoc/>
    public override int Count => Rows;

    /// <inheritdoc/>
    public override Targets SelectRows(ReadOnlySpan<int> indices) => new NoTargets(indices.Length);

    /// <summary>Always throws: there is nothing to train against.</summary>
    public override Matrix<double> ToMatrix(int? outputs = null) =>
        throw new InvalidOperationException("this data set has no targets; load it with a label column to train or score");
}
