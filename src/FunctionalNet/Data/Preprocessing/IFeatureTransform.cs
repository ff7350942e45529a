using System.Collections.Immutable;
using System.Numerics;
using FunctionalNet.Tensors;

namespace FunctionalNet.Data.Preprocessing;

/// <summary>A fitted, invertible, column-wise transform of features: fit on the training set, apply anywhere.</summary>
public interface IFeatureTransform
{
    /// <summary>The feature names it was fitted on, one per column.</summary>
    ImmutableArray<string> Names { get; }

    /// <summary>The transformed features (a new matrix); throws when the column count differs from the fit.</summary>
    Matrix<T> Transform<T>(Matrix<T> features) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Undoes <see cref="Transform{T}"/>.</summary>
    Matrix<T> Inverse<T>(Matrix<T> features) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// The same map written as x′ = (x − Offset) / Divisor per feature (Divisor never zero), the form numpy users
    /// and the model card's scaler entry use.
    /// </summary>
    (ImmutableArray<double> Offset, ImmutableArray<double> Divisor) ToAffine();

    /// <summary>The serialisable form (see <see cref="TransformState"/>).</summary>
    TransformState ToState();
}
