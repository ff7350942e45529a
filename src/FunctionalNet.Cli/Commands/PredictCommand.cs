using System.CommandLine;
using System.Text;
using FunctionalNet.Cli.DataFiles;
using FunctionalNet.Cli.Options;
using FunctionalNet.Cli.Scores;
using FunctionalNet.Cli.Storage;
using FunctionalNet.Tensors;

namespace FunctionalNet.Cli.Commands;

/// <summary><c>fnet predict</c>: labels (and output activations), or a regressor's values, for every row of a CSV file.</summary>
internal static class PredictCommand
{
    public static Command Create(Terminal terminal)
    {
        var model = new Option<string>("--model") { Description = "Model directory written by 'fnet train'", DefaultValueFactory = _ => "model" };
        var data = new Option<string>("--data") { Description = "CSV file of feature rows (a label column, if present, is ignored), or IDX images (MNIST format, optionally .gz)", Required = true };
        var label = new Option<string?>("--label") { Description = "Label column to ignore, by name or index (default: the card's, else the last); a regression's target columns, comma-separated" };
        var proba = new Option<bool>("--proba") { Description = "Also print each class's probability (the model's PredictProba: one column per class; raw outputs for a classifier whose outputs are not probabilities)" };
        var output = new Option<string?>("--out") { Description = "Write the CSV to this file instead of stdout" };
        var uncertainty = new Option<string?>("--uncertainty") { Description = "Labelled training data to fit a Laplace posterior on; adds a 'spread' column: the standard deviation of the predicted class's probability" };
        var command = new Command("predict", """
            Predicts a class for every row of a CSV file (or every image of an IDX file) and prints CSV: a 'label'
            column, plus one column per class with --proba. The model's scaler is applied to the raw features first.
            A regression model prints its predicted values instead: one column per target, headed by the target's name.
            A multi-label model prints one 0/1 column per label (1 when its probability is at least 0.5), headed by
            the label's name, and with --proba one probability column per label (p_NAME).

            Examples:
              fnet predict --model model --data points.csv --proba --out predictions.csv
              fnet predict --model mnist --data t10k-images-idx3-ubyte
              fnet predict --model model --data points.csv --uncertainty train.csv
            """) { model, data, label, proba, output, uncertainty };
        command.SetAction(r => Cli.Finish(
            from _ in LabelOption.Check(r.GetValue(label))
            from read in Interruptible.Run("interrupted while reading the model and data; nothing was written", () =>
                from m in ModelStore.Load(r.GetValue(model)!)
                from proba in m.Card.IsRegression && r.GetValue(proba)
                    ? new CliError(new Error("options.proba", $"--proba is for classifiers, but {r.GetValue(model)} is a regression: its predictions are the values themselves"))
                    : LanguageExt.Prelude.Right<CliError, LanguageExt.Unit>(LanguageExt.Unit.Default)
                from input in ModelInputs.Unlabelled(m, r.GetValue(data)!, r.GetValue(label))
                from spread in PredictiveSpread.For(m, r.GetValue(uncertainty), r.GetValue(label), input.Features)
                select (m, input, spread), terminal.Cancel)
            let features = read.input.Features
            from code in TextOutput.Write(read.m.Match(c => Csv(c, features, r.GetValue(proba), read.spread.MatchUnsafe(s => s, () => null)), regressor => Values(regressor, features),
                multiLabel => Indicators(multiLabel, features, r.GetValue(proba))), r.GetValue(output), terminal)
            select code, terminal));
        return command;
    }

    // The model's own predictions, and with --proba exactly its PredictProba columns (two for one sigmoid output); every
    // name is quoted as RFC 4180 asks and every number round-trip formatted, so the CSV carries every bit. With
    // --uncertainty a last 'spread' column.
    private static string Csv(Classifier model, Matrix<double> features, bool proba, double[]? spread)
    {
        var labels = model.Predict(features);
        var probabilities = proba ? model.PredictProba(features) : null;
        string prefix = model.HasProbabilities ? "p_" : "out_";
        var csv = new StringBuilder("label");
        if (probabilities is not null) foreach (var c in model.Classes) csv.Append(',').Append(CsvText.Field(prefix + c));
        if (spread is not null) csv.Append(",spread");
        csv.Append('\n');
        for (int r = 0; r < labels.Length; r++)
        {
            csv.Append(CsvText.Field(labels[r]));
            if (probabilities is not null) for (int c = 0; c < probabilities.Cols; c++) csv.Append(',').Append(CsvText.Number(probabilities[r, c]));
            if (spread is not null) csv.Append(',').Append(CsvText.Number(spread[r]));
            csv.Append('\n');
        }
        return csv.ToString();
    }

    // One 0/1 column per label under its name, and with --proba the model's PredictProba columns (p_ and the label).
    private static string Indicators(MultiLabelClassifier model, Matrix<double> features, bool proba)
    {
        var probabilities = model.PredictProba(features);
        var on = MultiLabelClassifier.Thresholded(probabilities);
        var csv = new StringBuilder().AppendJoin(',', model.Labels.Select(CsvText.Field));
        if (proba) foreach (var l in model.Labels) csv.Append(',').Append(CsvText.Field("p_" + l));
        csv.Append('\n');
        for (int r = 0; r < on.Rows; r++)
        {
            csv.AppendJoin(',', Enumerable.Range(0, on.Cols).Select(c => on[r, c] == 1 ? "1" : "0"));
            if (proba) for (int c = 0; c < probabilities.Cols; c++) csv.Append(',').Append(CsvText.Number(probabilities[r, c]));
            csv.Append('\n');
        }
        return csv.ToString();
    }

    // Values in the targets' own units, one column per target under its (quoted) name.
    private static string Values(Regressor model, Matrix<double> features)
    {
        var values = model.Predict(features);
        var csv = new StringBuilder().AppendJoin(',', model.TargetNames.Select(CsvText.Field)).Append('\n');
        for (int r = 0; r < values.Rows; r++)
            csv.AppendJoin(',', Enumerable.Range(0, values.Cols).Select(c => CsvText.Number(values[r, c]))).Append('\n');
        return csv.ToString();
    }
}
