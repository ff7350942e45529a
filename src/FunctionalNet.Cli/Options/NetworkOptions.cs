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
        Description = "Hidden activation, one for every hidden layer or one per hidden layer (e.g. relu,tanh): " + Catalog.Signatures(Catalog.Activations.Where(a => a.Placement == Placement.Anywhere)),
        DefaultValueFactory = _ => "tanh",
    };

    public Option<string> Output { get; } = new("--output")
    {
        Description = "Output activation: softmax, sigmoid or identity",
        DefaultValueFactory = _ => "softmax",
    };

    public Option<string?> Loss { get; } = new("--loss")
    {
        Description = "Loss: " + string.Join(", ", Catalog.Losses.Select(l => $"{l.Name} ({l.Help})")) + "; default follows --output",
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
    public LanguageExt.Either<CliError, Architecture> Build(ParseResult result, int inputs, int outputs, DataSetDefaults? own = null, bool regression = false) =>
        from hidden in ParseLayers(TrainOptions.Given(result, Layers, own is null ? null : string.Join(",", own.Layers)))
        from activation in ParseHidden(TrainOptions.Given(result, Activation, own?.Activation), hidden.Length)
        from output in ParseOutput(TrainOptions.Given(result, Output, regression ? "identity" : null))
        from loss in ParseLoss(result.GetValue(Loss), output)
        from _ in (regression ? Catalog.RegressionProblem(output, loss, "--output") : null) is { } problem
            ? Bad<LanguageExt.Unit>("options.task", problem) : LanguageExt.Prelude.Right<CliError, LanguageExt.Unit>(LanguageExt.Unit.Default)
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

    // One activation for every hidden layer, or one per hidden layer; a parenthesised argument may not hold a comma.
    private static LanguageExt.Either<CliError, Activation[]> ParseHidden(string text, int hidden)
    {
        var parts = text.Split(',');
        var activations = new Activation[parts.Length];
        for (int k = 0; k < parts.Length; k++)
        {
            if (Catalog.Activation(parts[k]).Case is not Activation { IsRowwise: false } a)
                return Bad<Activation[]>("options.activation", $"--activation '{parts[k].Trim()}' is not one of {Catalog.Signatures(Catalog.Activations.Where(e => e.Placement == Placement.Anywhere))}");
            activations[k] = a;
        }
        return parts.Length == 1 || parts.Length == hidden ? activations
            : Bad<Activation[]>("options.activation", $"--activation '{text}' gives {parts.Length} activations for {hidden} hidden layers: give one, or one per hidden layer");
    }

    private static LanguageExt.Either<CliError, Activation> ParseOutput(string text) =>
        FunctionalNet.Model.Activations.Activation.Parse(text) is { } a && (a is Softmax or Sigmoid or Identity)
            ? a
            : Bad<Activation>("options.output", $"--output '{text}' is not one of softmax, sigmoid, identity");

    private static LanguageExt.Either<CliError, Loss> ParseLoss(string? text, Activation output)
    {
        if (text is null) return Catalog.DefaultLoss(output);
        return Catalog.Loss(text).Case is Loss loss ? loss : Bad<Loss>("options.loss", $"--loss '{text}' is not one of {Catalog.Names(Catalog.Losses)}");
    }

    private static LanguageExt.Either<CliError, Architecture> Create(int inputs, int[] hidden, Activation[] activations, Activation output, Loss loss, double lambda, int outputs) =>
        Architecture.Create(inputs, [.. hidden.Select((w, k) => new Layer(w, activations[activations.Length == 1 ? 0 : k])), new Layer(outputs, output)], loss, lambda).Match(
            Succ: a => LanguageExt.Prelude.Right<CliError, Architecture>(a),
            Fail: errors => new CliError(new Error("options.network", string.Join("; ", errors.Select(e => e.Message)))));

    private static LanguageExt.Either<CliError, T> Bad<T>(string code, string message) => new CliError(new Error(code, message));

    private static LanguageExt.Either<CliError, int[]> Bad(string code, string message) => Bad<int[]>(code, message);
}
