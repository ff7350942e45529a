using LanguageExt;
using static LanguageExt.Prelude;

namespace FunctionalNet.Data.Preprocessing;

/// <summary>Helpers shared by the fitted feature transforms.</summary>
public static class FeatureTransforms
{
    /// <summary>Rebuilds a scaler from its stored state, whatever its kind.</summary>
    public static Validation<Error, IFeatureTransform> FromState(TransformState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Kind switch
        {
            MinMaxScaler.Kind => MinMaxScaler.FromState(state).Map(s => (IFeatureTransform)s),
            StandardScaler.Kind => StandardScaler.FromState(state).Map(s => (IFeatureTransform)s),
            _ => Validation<Error, IFeatureTransform>.Fail(Seq1(new Error("transform.kind",
                $"expected a feature transform kind ({MinMaxScaler.Kind}, {StandardScaler.Kind}), found \"{state.Kind}\""))),
        };
    }

    /// <summary>The data set with its features transformed.</summary>
    public static Dataset Apply(this IFeatureTransform transform, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(transform);
        ArgumentNullException.ThrowIfNull(data);
        return data.WithFeatures(transform.Transform(data.Features));
    }

    // y[i, j] = x[i, j] · scale[j] + shift[j], in double, converted back to T.
    internal static FunctionalNet.Matrix<T> Affine<T>(FunctionalNet.Matrix<T> x, IReadOnlyList<double> scale, IReadOnlyList<double> shift, string what)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        Map(x, scale.Count, what, (v, j) => v * scale[j] + shift[j]);

    // y[i, j] = (x[i, j] − offset[j]) / divisor[j], in double: subtracting first keeps the digits a near-constant
    // column's spread lives in, which x·(1/d) − offset/d would cancel away.
    internal static FunctionalNet.Matrix<T> Standardize<T>(FunctionalNet.Matrix<T> x, IReadOnlyList<double> offset, IReadOnlyList<double> divisor, string what)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        Map(x, divisor.Count, what, (v, j) =>
        {
            double centred = v - offset[j];
            // Near double.MaxValue the difference can overflow where the quotients do not.
            return double.IsFinite(centred) ? centred / divisor[j] : v / divisor[j] - offset[j] / divisor[j];
        });

    // Each element through f(value in double, column), converted back to T; the column count is checked first.
    private static FunctionalNet.Matrix<T> Map<T>(FunctionalNet.Matrix<T> x, int fitted, string what, Func<double, int, double> f)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Cols != fitted)
            throw new ArgumentException($"the {what} was fitted on {fitted} features, found {x.Cols}", nameof(x));
        var result = new T[x.Rows * x.Cols];
        var source = x.Span;
        for (int i = 0; i < result.Length; i++)
            result[i] = T.CreateTruncating(f(double.CreateTruncating(source[i]), i % fitted));
        return FunctionalNet.Matrix<T>.Own(x.Rows, x.Cols, result);
    }
}
