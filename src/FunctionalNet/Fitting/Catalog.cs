using System.Collections.Immutable;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization;
using FunctionalNet.Optimization.Scheduling;
using FunctionalNet.Optimization.UpdateRules;
using LanguageExt;
using Schedule = FunctionalNet.Optimization.Scheduling.Schedule;
using static LanguageExt.Prelude;

namespace FunctionalNet;

/// <summary>
/// The one list of what a multi-layer perceptron can be built and trained with — optimizers, learning-rate
/// schedules, activations, losses and initializers — each with its name, parameters (defaults and ranges), help and
/// factory. Options validation, the CLI's help and messages, sweep grid keys, the model card and memory estimates
/// read it, so adding a rule, schedule, activation or loss is one entry here.
/// </summary>
public static class Catalog
{
    /// <summary>The learning-rate parameter's name.</summary>
    public const string LearningRate = "lr";

    /// <summary>The decoupled weight-decay parameter's name (adamw).</summary>
    public const string WeightDecay = "weight-decay";

    /// <summary>
    /// Every optimizer: the first-order rules as <see cref="RuleCatalog"/> describes them (help, default learning rate,
    /// parameters and ranges live there once), then the line-search minimizers.
    /// </summary>
    public static ImmutableArray<OptimizerEntry> Optimizers { get; } =
    [
        .. RuleCatalog.All.Select(OptimizerEntry.Of),
        Minimizing("cg", "nonlinear conjugate gradient (Polak–Ribière+), one line search per epoch", 4, rules => Minimizer.ConjugateGradient(rules)),
        Minimizing("lbfgs", "L-BFGS with 10 pairs, one line search per epoch", 24, rules => Minimizer.Lbfgs(stopping: rules)),
        Minimizing("tnc", "truncated Newton on exact Hessian-vector products, one step per epoch", 8, rules => Minimizer.TruncatedNewton(stopping: rules)),
    ];

    /// <summary>Every learning-rate schedule, per epoch (the base rate is the optimizer's <c>lr</c>), as <see cref="EpochSchedule.Catalog"/> lists them.</summary>
    public static ImmutableArray<ScheduleEntry> Schedules { get; } = [.. EpochSchedule.Catalog.Select(ScheduleEntry.Of)];

    /// <summary>Every activation; the name is written <c>name</c> or <c>name(α)</c>.</summary>
    public static ImmutableArray<ModelEntry> Activations { get; } =
    [
        new("relu", "max(0, z)", []),
        new("tanh", "hyperbolic tangent", []),
        new("sigmoid", "logistic 1/(1 + e⁻ᶻ)", []),
        new("elu", "z for z > 0, α(eᶻ − 1) otherwise", [HyperParameter.Positive("alpha", 1, "α")]),
        new("leaky-relu", "z for z > 0, αz otherwise", [new HyperParameter("alpha", 0.01, new ParameterRange(0, 1, true, false), "α")]),
        new("gelu", "z·Φ(z), the Gaussian error linear unit (exact, PyTorch's default)", []),
        new("silu", "z·σ(z), also called swish", []),
        new("swish", "the same as silu", []),
        new("softplus", "log(1 + eᶻ)", []),
        new("identity", "z (regression outputs)", []),
        new("softmax", "row-wise exp(z)/Σexp(z) (output only)", [], Placement.OutputOnly),
    ];

    /// <summary>Every loss.</summary>
    public static ImmutableArray<ModelEntry> Losses { get; } =
    [
        new("ce", "categorical cross-entropy (with softmax)", []),
        new("bce", "binary cross-entropy (with sigmoid)", []),
        new("mse", "squared error ½(a − y)² (any output)", []),
        new("huber", "Huber: squared within delta of the target, linear beyond", [HyperParameter.Positive("delta", 1, "δ")]),
        new("mae", "absolute error |a − y| (L1)", []),
        new("poisson", "Poisson negative log-likelihood of counts, the output a log-rate", []),
    ];

    /// <summary>Every initializer.</summary>
    public static ImmutableArray<ModelEntry> Initializers { get; } =
    [
        new("xavier", "Glorot uniform ±√(6/(in + out)), biases zero", []),
        new("epsilon", "uniform ±√6/√(in + out) for weights and biases", []),
        new("epsilon-tutorial", "the tutorials' ε-uniform for weights and biases", []),
        new("uniform", "uniform ±r for weights and biases", [HyperParameter.Positive("r", 0.25, "range")]),
        new("scaled-normal", "normal with standard deviation 1/√in, biases zero", []),
        new("he", "He normal √(2/in), biases zero (ReLU)", []),
    ];

    /// <summary>The optimizer called <paramref name="name"/>.</summary>
    public static Option<OptimizerEntry> Optimizer(string name) => Find(Optimizers, name);

    /// <summary>The schedule called <paramref name="name"/>.</summary>
    public static Option<ScheduleEntry> Schedule(string name) => Find(Schedules, name);

    /// <summary>The activation spelled <paramref name="text"/> (<c>name</c> or <c>name(α)</c>), if the catalog has it.</summary>
    public static Option<Activation> Activation(string text) =>
        Find(Activations, Head(text)).Bind(_ => Optional(Model.Activations.Activation.Parse(text)));

    /// <summary>The loss called <paramref name="name"/>, if the catalog has it.</summary>
    public static Option<Loss> Loss(string name) => Find(Losses, Head(name)).Bind(_ => Optional(Model.Losses.Loss.Parse(name)));

    /// <summary>The initializer spelled <paramref name="text"/> (<c>name</c> or <c>uniform(r)</c>), if the catalog has it.</summary>
    public static Option<Model.Initializer> Initializer(string text) =>
        Find(Initializers, Head(text)).Bind(_ => Optional(Model.Initializer.Parse(text)));

    /// <summary>The loss an output trains with when none is named: cross-entropy for softmax, binary cross-entropy for sigmoid, else squared error.</summary>
    public static Loss DefaultLoss(Activation output) =>
        output is Softmax ? Model.Losses.Loss.CrossEntropy : output is Sigmoid ? Model.Losses.Loss.BinaryCrossEntropy : Model.Losses.Loss.SquaredError;

    /// <summary>
    /// Why a regression cannot train <paramref name="output"/> with <paramref name="loss"/>, or null: only an identity
    /// output with a regression loss reaches standardised targets. <paramref name="outputName"/> is how the output is
    /// spelled in the message (<c>output</c>, or a command line's <c>--output</c>).
    /// </summary>
    public static string? RegressionProblem(Activation output, Loss loss, string outputName = "output")
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(loss);
        static bool ForClasses(Loss l) => l is CrossEntropy or BinaryCrossEntropy;
        return output is Identity && !ForClasses(loss) ? null
            : $"a regression trains an identity output with a regression loss ({Names(Losses.Where(e => Loss(e.Name).Exists(l => !ForClasses(l))))}), found {outputName} {output.Name} with loss {loss.Name}";
    }

    /// <summary>Names as help texts list them: <c>a, b, c</c>.</summary>
    public static string Names<TEntry>(IEnumerable<TEntry> entries) where TEntry : CatalogEntry => string.Join(", ", entries.Select(e => e.Name));

    /// <summary>Names with parameters, as help texts show them: <c>elu(alpha=1)</c>.</summary>
    public static string Signatures<TEntry>(IEnumerable<TEntry> entries) where TEntry : CatalogEntry => string.Join(", ", entries.Select(e => e.Signature));

    /// <summary>
    /// What is wrong with the number in <paramref name="text"/>'s parentheses (e.g. <c>huber(-1)</c>) for its entry in
    /// <paramref name="entries"/>, or null: the model's parsers take any number, the entry says which are allowed.
    /// </summary>
    internal static Error? ParameterProblem(ImmutableArray<ModelEntry> entries, string text, string kind)
    {
        string s = text.Trim().ToLowerInvariant();
        int open = s.IndexOf('(', StringComparison.Ordinal);
        if (open < 0 || !s.EndsWith(')')
            || !double.TryParse(s[(open + 1)..^1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double value))
            return null;
        var entry = Find(entries, s[..open]).IfNoneUnsafe((ModelEntry?)null);
        return entry is { Parameters: [var p] } && p.Problem(entry.Name, value) is { } problem ? problem with { Code = $"options.{kind}.{p.Name}" } : null;
    }

    private static Option<TEntry> Find<TEntry>(ImmutableArray<TEntry> entries, string name) where TEntry : CatalogEntry
    {
        string key = name.Trim().ToLowerInvariant();
        return Optional(entries.FirstOrDefault(e => e.Name == key));
    }

    private static string Head(string text)
    {
        string s = text.Trim().ToLowerInvariant();
        int open = s.IndexOf('(', StringComparison.Ordinal);
        return open < 0 ? s : s[..open];
    }

    // The budget is the epoch count; evaluations get room for a line search of a few trials per iteration.
    private static OptimizerEntry Minimizing(string name, string help, double stateCopies, Func<StoppingRules, Validation<Error, Minimizer>> build) =>
        new(name, help, [], FullBatch: true, stateCopies, null,
            epochs => StoppingRules.Create(maxEvaluations: Math.Max(15000, 4 * epochs), maxIterations: epochs).Bind(build));
}
