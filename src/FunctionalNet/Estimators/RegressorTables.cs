using System.Collections.Immutable;
using FunctionalNet.Data;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.Data.Tables;
using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet;

// A regressor on a raw table: the preprocessing (imputation, one-hot) kept in the model, as Classifier keeps it.
public sealed partial record Regressor
{
    /// <summary>
    /// The raw-table preprocessing (imputation, one-hot) fitted with the model, or null for a model of numeric
    /// features; <see cref="Predict(Table)"/> applies it.
    /// </summary>
    public TablePreprocessing? Preprocessing { get; private init; }

    /// <summary>This regressor with <paramref name="preprocessing"/> in front, checked: it must make <see cref="Inputs"/> features.</summary>
    public Either<Error, Regressor> WithPreprocessing(TablePreprocessing? preprocessing) =>
        preprocessing?.Check(Inputs) is { } problem ? problem : this with { Preprocessing = preprocessing };

    /// <summary>
    /// Fits a regressor to a raw table in one call: the <paramref name="targets"/> columns (numbers, no gaps) are the
    /// outputs, the preprocessing (<paramref name="table"/>: imputation, one-hot) is fitted on the other columns of
    /// these rows only and kept inside the model, then the network is fitted as <see cref="Fit(Dataset, MlpOptions?, Regressor?, FitControls?)"/> does.
    /// </summary>
    public static Validation<Error, Regressor> Fit(Table train, IReadOnlyList<string> targets, MlpOptions? options = null, TablePreprocessingOptions? table = null,
        FitControls? controls = null) =>
        from split in TableLabels.Values(train, targets)
        from preprocessing in TablePreprocessing.Fit(split.Features, table)
        from features in preprocessing.Transform(split.Features)
        from regressor in Fit(new Dataset(features, split.Targets, preprocessing.FeatureNames), options, null, controls)
        select regressor with { Preprocessing = preprocessing };

    /// <summary>[m × targets] predictions for a raw table's rows (gaps filled, categories encoded by the model's preprocessing).</summary>
    public Validation<Error, Matrix<double>> Predict(Table rows) => Preprocessing is { } p
        ? p.Transform(rows).Map(Predict)
        : Prelude.Fail<Error, Matrix<double>>(new Error("model.table", "the model was fitted on numeric features, not a table; pass a matrix"));
}
