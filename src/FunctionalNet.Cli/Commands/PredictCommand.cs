using System.CommandLine;
using System.Globalization;
using System.Text;
using FunctionalNet.Calculus;
using FunctionalNet.Cli.DataFiles;
using FunctionalNet.Cli.Options;
using FunctionalNet.Cli.Storage;
using FunctionalNet.Model.Activations;

namespace FunctionalNet.Cli.Commands;

/// <summary><c>fnet predict</c>: labels (and output activations), or a regressor's values, for every row of a CSV file.</summary>
internal static class PredictCommand
{
    public static Command Create(Terminal terminal)
    {
        var model = new Option<string>("--model") { Description = "Model directory written by 'fnet train'", DefaultValueFactory = _ => "model" };
        var data = new Option<string>("--data") { Description = "CSV file of feature rows (a label column, if present, is ignored), or IDX images (MNIST format, optionally .gz)", Required = true };
        var label = new Option<string?>("--label") { Description = "Label column to ignore, by name or index (default: the card's, else the last); a regression's target columns, comma-separated" };
        var proba = new Option<bool>("--proba") { Description = "Also print each output (class probabilities for softmax models)" };
        var output = new Option<string?>("--out") { Description = "Write the CSV to this file instead of stdout" };
        var command = new Command("predict", """
            Predicts a class for every row of a CSV file (or every image of an IDX file) and prints CSV: a 'label'
            column, plus one column per class with --proba. The model's scaler is applied to the raw features first.
            A regression model prints its predicted values instead: one column per target, headed by the target's name.

            Examples:
              fnet predict --model model --data points.csv --proba --out predictions.csv
              fnet predict --model mnist --data t10k-images-idx3-ubyte
            """) { model, data, label, proba, output };
        command.SetAction(r => Cli.Finish(
            from _ in LabelOption.Check(r.GetValue(label))
            from read in Interruptible.Run("interrupted while reading the model and data; nothing was written", () =>
                from m in ModelStore.Load(r.GetValue(model)!)
                from proba in m.IsRegression && r.GetValue(proba)
                    ? new CliError(new Error("options.proba", $"--proba is for classifiers, but {r.GetValue(model)} is a regression: its predictions are the values themselves"))
                    : LanguageExt.Prelude.Right<CliError, LanguageExt.Unit>(LanguageExt.Unit.Default)
                from input in ModelInputs.Unlabelled(m, r.GetValue(data)!, r.GetValue(label))
                select (m, input), terminal.Cancel)
            let m = read.m
            let input = read.input
            from code in TextOutput.Write(m.IsRegression ? Values(m, input) : Csv(m, input, r.GetValue(proba)), r.GetValue(output), terminal)
            select code, terminal));
        return command;
    }

    private static string Csv(LoadedModel model, ModelInput input, bool proba)
    {
        var outputs = model.Outputs(input.Features);
        var labels = Network.Labels(outputs);
        var classes = model.Classes;
        string prefix = model.Architecture.Output.Activation is Softmax ? "p_" : "out_";
        var csv = new StringBuilder("label");
        if (proba) foreach (var c in Enumerable.Range(0, outputs.Cols)) csv.Append(',').Append(prefix).Append(outputs.Cols == 1 ? classes[1] : classes[c]);
        csv.Append('\n');
        for (int r = 0; r < outputs.Rows; r++)
        {
            csv.Append(classes[labels[r]]);
            if (proba) for (int c = 0; c < outputs.Cols; c++) csv.Append(',').Append(outputs[r, c].ToString("R", CultureInfo.InvariantCulture));
            csv.Append('\n');
        }
        return csv.ToString();
    }

    // Values in the targets' own units, round-trip formatted so the CSV carries every bit of the prediction.
    private static string Values(LoadedModel model, ModelInput input)
    {
        var values = model.Values(input.Features);
        var csv = new StringBuilder().AppendJoin(',', model.TargetNames).Append('\n');
        for (int r = 0; r < values.Rows; r++)
            csv.AppendJoin(',', Enumerable.Range(0, values.Cols).Select(c => values[r, c].ToString("R", CultureInfo.InvariantCulture))).Append('\n');
        return csv.ToString();
    }
}
