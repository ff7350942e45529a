using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Estimators;

/// <summary>
/// A NaN or infinite feature has no meaningful prediction, yet a network still turns it into a class: every prediction
/// method refuses such a row as a programming error (<see cref="ArgumentException"/>) naming the row and column.
/// </summary>
public class NonFiniteFeatureProperties
{
    private static readonly double[] NonFinite = [double.NaN, double.PositiveInfinity, double.NegativeInfinity];

    private static Gen<(Matrix<double> Rows, int Row, int Column)> Poisoned(Matrix<double> rows) =>
        from row in Gen.Choose(0, rows.Rows - 1)
        from column in Gen.Choose(0, rows.Cols - 1)
        from value in Gen.Elements(NonFinite)
        select (With(rows, row, column, value), row, column);

    private static Matrix<double> With(Matrix<double> rows, int row, int column, double value)
    {
        var values = rows.Span.ToArray();
        values[row * rows.Cols + column] = value;
        return Matrix<double>.Create(rows.Rows, rows.Cols, values);
    }

    private static bool Names(Action predict, int row, int column)
    {
        var e = Assert.Throws<ArgumentException>(predict);
        return e.Message.Contains(string.Create(CultureInfo.InvariantCulture, $"row {row}, column {column} ('f{column}')"), StringComparison.Ordinal);
    }

    [Property(MaxTest = 100)]
    public Property A_classifier_refuses_a_non_finite_feature_naming_its_row_and_column() =>
        Prop.ForAll(RandomEstimators.Cases(regression: false), c =>
            Prop.ForAll(Poisoned(c.Rows).ToArbitrary(), p =>
                Names(() => c.Classifier!.Predict(p.Rows), p.Row, p.Column)
                && Names(() => c.Classifier!.PredictProba(p.Rows), p.Row, p.Column)
                && Names(() => c.Classifier!.PredictIndices(p.Rows), p.Row, p.Column)
                && Names(() => c.Classifier!.Score(p.Rows, [.. c.Classifier!.Predict(c.Rows)]), p.Row, p.Column)));

    [Property(MaxTest = 100)]
    public Property A_regressor_refuses_a_non_finite_feature_naming_its_row_and_column() =>
        Prop.ForAll(RandomEstimators.Cases(regression: true), c =>
            Prop.ForAll(Poisoned(c.Rows).ToArbitrary(), p =>
                Names(() => c.Regressor!.Predict(p.Rows), p.Row, p.Column)
                && Names(() => c.Regressor!.Score(p.Rows, c.Regressor!.Predict(c.Rows)), p.Row, p.Column)));

}
