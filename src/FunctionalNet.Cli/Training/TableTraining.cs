using System.Collections.Immutable;
using FunctionalNet.Cli.DataFiles;
using FunctionalNet.Cli.Options;
using FunctionalNet.Data;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.Data.Tables;
using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// <c>fnet train</c> on a raw table: a CSV or Parquet file with text cells or gaps (or any table option given, or a
/// table model to continue) is read as a table, split into training and test rows first, and the preprocessing
/// (imputation, one-hot) is fitted on the training rows only; the parts then train as numeric data, for a
/// classification or a regression. A numbers-only file never comes here, so its bits are what they were;
/// <c>--impute none</c> keeps the numeric reader and its refusal of the first non-number.
/// </summary>
internal static class TableTraining
{
    /// <summary>The table path when it applies, else <paramref name="numeric"/>'s data.</summary>
    public static Either<CliError, LoadedData> Or(TrainSettings s, Func<Either<CliError, LoadedData>> numeric)
    {
        var t = s.Table;
        bool tableTask = s.Labels is null, warmTable = s.Warm?.Card.Preprocessing.Table is not null;
        if ((t.Requested || warmTable) && t.Enabled && !tableTask)
            return new CliError(new Error("options.table", "the table options (--drop, --categorical, --impute, …) apply to a CSV or Parquet table, not to IDX images"));
        if (!t.Enabled || !tableTask) return numeric();
        if (t.Requested || warmTable) return Load(s);
        var plain = numeric();
        // Only text, an empty cell or a Parquet null turns to the table: a numbers file with a NaN or ∞ spelled out is refused as it always was.
        if (!plain.IsLeft || !plain.Swap().Exists(e => e.Error.Code is "csv.non-numeric" or "parquet.column-type" or "parquet.null")) return plain;
        // Read as a table it may still fail: then both readings are said, the numeric reader's cell first.
        var table = Load(s);
        if (table.IsRight) return table;
        var numericProblem = plain.Match(Right: _ => throw new InvalidOperationException("numeric data"), Left: e => e);
        var tableProblem = table.Match(Right: _ => throw new InvalidOperationException("table data"), Left: e => e);
        return numericProblem with { Error = numericProblem.Error with { Message = $"{numericProblem.Error.Message}; read as a table (text one-hot, gaps imputed) it fails too: {tableProblem.Error.Message}" } };
    }

    private static Either<CliError, LoadedData> Load(TrainSettings s)
    {
        bool regression = s.Task == "regression" || RegressionFiles.NamesSeveral(s.Label);
        // A continued table model's text columns stay text, as predict reads them.
        var reading = s.Table.Reading with { Categorical = [.. s.Table.Reading.Categorical, .. TableWarmStart.TextColumns(s.Warm)] };
        return
            from all in TableFiles.Read(s.Data, reading)
            from targets in TargetNames(all, s.Label, regression)
            from parts in s.TestData is { } path
                ? TableFiles.Read(path, reading with { Categorical = [.. reading.Categorical, .. all.Columns.OfType<TextColumn>().Select(c => c.Name)] })
                    .Map(test => (Train: all, Test: test))
                : Split(s, all, targets, regression)
            from train in Labelled(parts.Train, targets, regression)
            from _ in TwoClasses(s, train.Targets)
            from test in Labelled(parts.Test, targets, regression)
            from rows in TableWeights.Take(train.Features, s.WeightColumn, s.Data)
            let testRows = rows.Column is { } weights ? test.Features.Without([weights]) : test.Features
            from fitted in TableFiles.OneLine(TablePreprocessing.Fit(rows.Features, s.Table.Preprocessing))
            from preprocessing in TableWarmStart.Same(fitted, s.Warm)
            from trainX in TableFiles.OneLine(preprocessing.Transform(rows.Features))
            from testX in TableFiles.OneLine(preprocessing.Transform(testRows))
            select new LoadedData(new Dataset(trainX, train.Targets, preprocessing.FeatureNames).WithWeights(rows.Weights),
                new Dataset(testX, test.Targets, preprocessing.FeatureNames))
            {
                Table = preprocessing,
                TableNote = preprocessing.Describe(rows.Features, s.Table.Preprocessing),
                Rows = s.Warm is null ? new TableRows(rows.Features, s.Table.Preprocessing) : null,
            };
    }

    // The label column, or a regression's target columns (--label a,b), by name or index.
    private static Either<CliError, ImmutableArray<string>> TargetNames(Table table, string? label, bool regression) =>
        TableFiles.LabelNames(table, regression ? (IEnumerable<string?>)RegressionFiles.Columns(label) : [label]);

    // The feature columns and the targets: class labels, or a regression's values.
    private static Either<CliError, (Table Features, Targets Targets)> Labelled(Table table, ImmutableArray<string> targets, bool regression) =>
        regression
            ? TableFiles.OneLine(TableLabels.Values(table, targets)).Map(p => (p.Features, (Targets)p.Targets))
            : TableFiles.OneLine(TableLabels.Classes(table, targets[0])).Map(p => (p.Features, (Targets)p.Targets));

    // A classification's training rows need two classes, and numbers with a fraction are a regression's targets, as for numeric files.
    private static Either<CliError, Unit> TwoClasses(TrainSettings s, Targets targets)
    {
        if (targets is not ClassTargets classes) return Unit.Default;
        if (classes.ClassCount < 2)
            return new CliError(new Error("data.classes", $"{s.Data}: the training rows have a single class '{classes.ClassNames[0]}'; classification needs at least 2"));
        if (RegressionFiles.ContinuousExample(classes) is { } example)
            return new CliError(new Error("data.continuous", $"the label column of {s.Data} is continuous (e.g. {example}, and {classes.ClassCount} distinct values), not class labels: train a regression with --task regression"));
        return Unit.Default;
    }

    // The rows --test-split holds out, drawn as TrainingData draws them from numeric data (stratified by class, fork 1 of the seed).
    private static Either<CliError, (Table Train, Table Test)> Split(TrainSettings s, Table all, ImmutableArray<string> targets, bool regression) =>
        from labelled in Labelled(all, targets, regression)
        from parts in SplitRows(s, labelled.Targets, all)
        select parts;

    private static Either<CliError, (Table Train, Table Test)> SplitRows(TrainSettings s, Targets targets, Table all)
    {
        if (TrainingData.SplitProblem("--test-split", s.TestSplit, all.Rows, "testing") is { } problem) return problem;
        // The split sees only targets: each row carries its own index as its one feature, so the parts name the rows.
        var index = new Dataset(Matrix<double>.Create(all.Rows, 1, [.. Enumerable.Range(0, all.Rows).Select(r => (double)r)]), targets);
        var (train, test) = FunctionalNet.Split.TrainTest(index, s.TestSplit, Rng.Create(s.Seed).Fork(1), stratify: targets is ClassTargets);
        ImmutableArray<int> Rows(Dataset part) => [.. Enumerable.Range(0, part.Count).Select(r => (int)part.Features[r, 0])];
        return (all.SelectRows(Rows(train)), all.SelectRows(Rows(test)));
    }
}
