using System.CommandLine;
using System.Globalization;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;

namespace FunctionalNet.Cli.Options;

/// <summary>The options that describe a network (<c>--layers --activation --output --loss --lambda</c>), shared by commands.</summary>
internal sealed class NetworkOptions
{
    public Option<string> Layers { get; } = new("--layers")
    {
        Description = "Hidden layer widths, comma-separated; 'none' for no hidden layer (logistic regression)",
        DefaultValueFactory = _ => "5,5",
    };

    public Option<string> Activation { get; } = new("--activation")
    {
        Description = "Hidden activation: sigmoid, tanh, relu, elu, elu(α), leaky-relu, leaky-relu(α)",
        DefaultValueFactory = _ => "tanh",
    };

    public Option<string> Output { get; } = new("--output")
    {
        Description = "Output activation: softmax, sigmoid or identity",
        DefaultValueFactory = _ => "softmax",
    };

    public Option<string?> Loss { get; } = new("--loss")
    {
        Description = "Loss: ce (with softmax), bce (with sigmoid) or mse (any); default follows --output",
    };

    public Option<double> Lambda { get; } = new("--lambda")
    {
        Description = "L2 strength λ (weights only)",
        DefaultValueFactory = _ => 0.0,
    };

    public void AddTo(Command command)
    {
        command.Add(Layers);
        command.Add(Activation);
        command.Add(Output);
        command.Add(Loss);
        command.Add(Lambda);
    }

    /// <summary>
    /// The architecture these options describe for <paramref name="inputs"/> features and <paramref name="outputs"/> units;
    /// a built-in data set's <paramref name="own"/> defaults replace --layers and --activation when they are not given.
    /// A <paramref name="regression"/> predicts values: its output is identity and its loss mse unless told otherwise,
    /// and anything else is refused, since a squashing output cannot reach standardised targets.
    /// </summary>
    public LanguageExt.Either<CliError, Architecture> Build(ParseResult result, int inputs, int outputs, DataFiles.TrainDefaults? own = null, bool regression = false) =>
        from hidden in ParseLayers(TrainOptions.Given(result, Layers, own?.Layers))
        from activation in ParseHidden(TrainOptions.Given(result, Activation, own?.Activation))
        from output in ParseOutput(TrainOptions.Given(result, Output, regression ? "identity" : null))
        from loss in ParseLoss(result.GetValue(Loss), output)
        from _ in !regression || (output is Identity && loss is SquaredError) ? LanguageExt.Prelude.Right<CliError, LanguageExt.Unit>(LanguageExt.Unit.Default)
            : Bad<LanguageExt.Unit>("options.task", $"a regression trains an identity output with mse loss, found --output {output.Name} with loss {loss.Name}")
        from architecture in Create(inputs, hidden, activation, output, loss, result.GetValue(Lambda), outputs)
        select architecture;

    /// <summary>True when the options ask for the squared-error loss (--loss mse, or --output identity without --loss),
    /// which with a label column that is not integer-valued means a regression.</summary>
    public bool AsksForSquaredError(ParseResult result) =>
        ParseOutput(result.GetValue(Output)!).Bind(o => ParseLoss(result.GetValue(Loss), o)).Map(l => l is SquaredError).IfLeft(false);

    public static LanguageExt.Either<CliError, int[]> ParseLayers(string text)
    {
        string t = text.Trim();
        if (t.Length == 0 || t.Equals("none", StringComparison.OrdinalIgnoreCase)) return Array.Empty<int>();
        var parts = t.Split(',');
        var widths = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out widths[i]) || widths[i] <= 0)
                return Bad("options.layers", $"--layers '{text}' is not a comma-separated list of positive widths (e.g. 5,5 or none)");
        return widths;
    }

    private static LanguageExt.Either<CliError, Activation> ParseHidden(string text) =>
        FunctionalNet.Model.Activations.Activation.Parse(text) is { IsRowwise: false } a
            ? a
            : Bad<Activation>("options.activation", $"--activation '{text}' is not one of sigmoid, tanh, relu, elu, elu(α), leaky-relu, leaky-relu(α)");

    private static LanguageExt.Either<CliError, Activation> ParseOutput(string text) =>
        FunctionalNet.Model.Activations.Activation.Parse(text) is { } a && (a is Softmax or Sigmoid or Identity)
            ? a
            : Bad<Activation>("options.output", $"--output '{text}' is not one of softmax, sigmoid, identity");

    private static LanguageExt.Either<CliError, Loss> ParseLoss(string? text, Activation output)
    {
        if (text is null) return output is Softmax ? Model.Losses.Loss.CrossEntropy : output is Sigmoid ? Model.Losses.Loss.BinaryCrossEntropy : Model.Losses.Loss.SquaredError;
        return Model.Losses.Loss.Parse(text) is { } loss ? loss : Bad<Loss>("options.loss", $"--loss '{text}' is not one of ce, bce, mse");
    }

    private static LanguageExt.Either<CliError, Architecture> Create(int inputs, int[] hidden, Activation activation, Activation output, Loss loss, double lambda, int outputs) =>
        Architecture.Mlp([inputs, .. hidden, outputs], activation, output, loss, lambda).Match(
            Succ: a => LanguageExt.Prelude.Right<CliError, Architecture>(a),
            Fail: errors => new CliError(new Error("options.network", string.Join("; ", errors.Select(e => e.Message)))));

    private static LanguageExt.Either<CliError, T> Bad<T>(string code, string message) => new CliError(new Error(code, message));

    private static LanguageExt.Either<CliError, int[]> Bad(string code, string message) => Bad<int[]>(code, message);
}
