using System.CommandLine;
using FunctionalNet.Cli.DataFiles;
using FunctionalNet.Cli.Storage;
using FunctionalNet.Formats;

namespace FunctionalNet.Cli.Options;

/// <summary>
/// The options that name a saved model and labelled data to score it on (<c>--model --data --label --labels</c>),
/// shared by <c>fnet evaluate</c> and <c>fnet importance</c>, and the one way both read them.
/// </summary>
internal sealed class LabelledDataOptions
{
    public Option<string> Model { get; } = new("--model") { Description = "Model directory written by 'fnet train'", DefaultValueFactory = _ => "model" };

    public Option<string> Data { get; } = new("--data") { Description = "Labelled CSV file, or IDX images (MNIST format, optionally .gz) with --labels", Required = true };

    public Option<string?> Label { get; } = new("--label") { Description = "Label column of a CSV file by name or index (default: the card's, else the last)" };

    public Option<string?> Labels { get; } = new("--labels") { Description = "IDX label file for IDX images given as --data" };

    public void AddTo(Command command)
    {
        command.Add(Model);
        command.Add(Data);
        command.Add(Label);
        command.Add(Labels);
    }

    /// <summary>The model and its rows with their labels (a classifier), target values (a regressor) or 0/1 label columns (a multi-label classifier); Ctrl+C while reading is one line.</summary>
    public LanguageExt.Either<CliError, (SavedEstimator Model, ModelInput Input)> Read(ParseResult r, CancellationToken cancel) =>
        from _ in LabelOption.Check(r.GetValue(Label))
        from read in Interruptible.Run("interrupted while reading the model and data", () =>
            from m in ModelStore.Load(r.GetValue(Model)!)
            from input in m.Card.IsRegression ? ModelInputs.Valued(m, r.GetValue(Data)!, r.GetValue(Label), r.GetValue(Labels))
                : m.Card.IsMultiLabel ? ModelInputs.Indicators(m, r.GetValue(Data)!, r.GetValue(Label), r.GetValue(Labels))
                : ModelInputs.Labelled(m, r.GetValue(Data)!, r.GetValue(Label), r.GetValue(Labels))
            select (m, input), cancel)
        select read;
}
