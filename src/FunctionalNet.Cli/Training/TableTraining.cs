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
/// <c>fnet train</c> on a raw table: a classification CSV with text cells or gaps (or any table option given) is read
/// as a table, split into training and test rows first, and the preprocessing (imputation, one-hot) is fitted on the
/// training rows only; the parts then train as numeric data. A numbers-only file never comes here, so its bits are
/// what they were; <c>--impute none</c> keeps the numeric reader and its refusal of the first non-number.
/// </summary>
internal static class TableTraining
{
    /// <summary>The table path when it applies, else <paramref name="numeric"/>'s data.</summary>
    public static Either<CliError, LoadedData> Or(TrainSettings s, Func<Either<CliError, LoadedData>> numeric)
    {
        var t = s.Table;
        bool tableTask = s.Task != "regression" && !RegressionFiles.NamesSeveral(s.Label) && s.Labels is null;
        if (t.Requested && t.Enabled && !tableTask)
            return new CliError(new Error("options.table", "the table options (--drop, --categorical, --impute, …) apply to a classification CSV file, not to a regression or IDX images"));
        if (!t.Enabled || !tableTask) return numeric();
        if (t.Requested) return Load(s);
        var plain = numeric();
        // Only text or an empty cell turns to the table: a numbers file with a NaN or ∞ spelled out is refused as it always was.
        if (!plain.IsLeft || !plain.Swap().Exists(e => e.Error.Code is "csv.non-numeric")) return plain;
        // Read as a table it may still fail: then both readings are said, the numeric reader's cell first.
        var table = Load(s);
        if (table.IsRight) return table;
        var numericProblem = plain.Match(Right: _ => throw new InvalidOperationException("numeric data"), Left: e => e);
        var tableProblem = table.Match(Right: _ => throw new InvalidOperationException("table data"), Left: e => e);
        return numericProblem with { Error = numericProblem.Error with { Message = $"{numericProblem.Error.Message}; read as a table (text one-hot, gaps imputed) it fails too: {tableProblem.Error.Message}" } };
    }

    private static Either<CliError, LoadedData> Load(TrainSettings s)
    {
        if (s.WeightColumn is not null || s.Warm is not null)
            return new CliError(new Error("options.table", $"{(s.WeightColumn is not null ? "--weight-column" : "--init-from")} is not available for a table with text columns or missing cells yet"));
        return
            from all in TableFiles.Read(s.Data, s.Table.Reading)
            from label in TableFiles.LabelName(all, s.Label)
            from parts in s.TestData is { } path
                ? TableFiles.Read(path, s.Table.Reading with { Categorical = [.. s.Table.Reading.Categorical, .. all.Columns.OfType<TextColumn>().Select(c => c.Name)] })
                    .Map(test => (Train: all, Test: test))
                : Split(s, all, label)
            from train in TableFiles.OneLine(TableLabels.Classes(parts.Train, label))
            from _ in train.Targets.ClassCount >= 2 ? Prelude.Right<CliError, Unit>(Unit.Default)
                : new CliError(new Error("data.classes", $"{s.Data}: the training rows have a single class '{train.Targets.ClassNames[0]}'; classification needs at least 2"))
            from test in TableFiles.OneLine(TableLabels.Classes(parts.Test, label))
            from preprocessing in TableFiles.OneLine(TablePreprocessing.Fit(train.Features, s.Table.Preprocessing))
            from trainX in TableFiles.OneLine(preprocessing.Transform(train.Features))
            from testX in TableFiles.OneLine(preprocessing.Transform(test.Features))
            select new LoadedData(new Dataset(trainX, train.Targets, preprocessing.FeatureNames), new Dataset(testX, test.Targets, preprocessing.FeatureNames))
            {
                Table = preprocessing,
                TableNote = preprocessing.Describe(train.Features, s.Table.Preprocessing),
            };
    }

    // The rows --test-split holds out, drawn as TrainingData draws them from numeric data (stratified, fork 1 of the seed).
    private static Either<CliError, (Table Train, Table Test)> Split(TrainSettings s, Table all, string label) =>
        from labelled in TableFiles.OneLine(TableLabels.Classes(all, label))
        from parts in SplitRows(s, labelled.Targets, all)
        select parts;

    private static Either<CliError, (Table Train, Table Test)> SplitRows(TrainSettings s, ClassTargets targets, Table all)
    {
        int rows = all.Rows;
        double taken = Math.Ceiling(s.TestSplit * rows);
        if (taken < 1 || taken > rows - 1)
            return new CliError(new Error("options.split", string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"--test-split {s.TestSplit} of {rows} rows leaves {rows - taken} for training and {taken} for testing; each needs at least one row")));
        // The split sees only labels: each row carries its own index as its one feature, so the parts name the rows.
        var index = new Dataset(Matrix<double>.Create(rows, 1, [.. Enumerable.Range(0, rows).Select(r => (double)r)]), targets);
        var (train, test) = FunctionalNet.Split.TrainTest(index, s.TestSplit, Rng.Create(s.Seed).Fork(1), stratify: true);
        ImmutableArray<int> Rows(Dataset part) => [.. Enumerable.Range(0, part.Count).Select(r => (int)part.Features[r, 0])];
        return (all.SelectRows(Rows(train)), all.SelectRows(Rows(test)));
    }
}
