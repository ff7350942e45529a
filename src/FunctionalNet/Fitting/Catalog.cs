using System.Collections.Immutable;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization;
using FunctionalNet.Optimization.Scheduling;
using FunctionalNet.Optimization.UpdateRules;
using LanguageExt;
using Schedule = FunctionalNet.Optimization.Scheduling.Schedule;
using static LanguageExt.Prelude;

namespace FunctionalNet.Fitting;

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

    private static CatalogParameter Lr(double usual, string why) => CatalogParameter.Positive(LearningRate, usual, "learning rate; default " + why);

    private static readonly CatalogParameter Momentum = CatalogParameter.Fraction("momentum", 0.9, "momentum decay μ");
    private static readonly CatalogParameter Beta1 = CatalogParameter.Fraction("beta1", 0.9, "first-moment decay β₁");
    private static readonly CatalogParameter Beta2 = CatalogParameter.Fraction("beta2", 0.999, "second-moment decay β₂");
    private static readonly CatalogParameter Epsilon = CatalogParameter.Positive("epsilon", 1e-8, "added to the denominator");

    /// <summary>Every optimizer: first-order rules, then the line-search minimizers.</summary>
    public static ImmutableArray<OptimizerEntry> Optimizers { get; } =
    [
        Rule("gd", "full-batch gradient descent", [Lr(0.5, "the moons tutorial's full-batch rate")], fullBatch: true, 0, (_, lr) => Rules.Sgd(lr)),
        Rule("sgd", "stochastic gradient descent on shuffled mini-batches (or one sample per step)", [Lr(0.01, "Keras's")], fullBatch: false, 0,
            (_, lr) => Rules.Sgd(lr)),
        Rule("momentum", "SGD with heavy-ball momentum", [Lr(0.01, "the PyTorch examples' with momentum 0.9"), Momentum], fullBatch: false, 1,
            (p, lr) => Rules.Momentum(lr, p("momentum"))),
        Rule("nesterov", "SGD with Nesterov momentum", [Lr(0.01, "the PyTorch examples' with momentum 0.9"), Momentum], fullBatch: false, 1,
            (p, lr) => Rules.Nesterov(lr, p("momentum"))),
        Rule("adam", "Adam (Kingma & Ba)", [Lr(1e-3, "Kingma & Ba's, scikit-learn's, PyTorch's and optax's"), Beta1, Beta2, Epsilon], fullBatch: false, 2,
            (p, lr) => Rules.Adam(lr, p("beta1"), p("beta2"), p("epsilon"))),
        Rule("adamw", "Adam with decoupled weight decay (Loshchilov & Hutter)",
            [Lr(1e-3, "Adam's"), new(WeightDecay, 0.01, 0, double.MaxValue, "decoupled weight decay, PyTorch's default"), Beta1, Beta2, Epsilon],
            fullBatch: false, 2, (p, lr) => Rules.AdamW(lr, p(WeightDecay), p("beta1"), p("beta2"), p("epsilon"))),
        Rule("rmsprop", "RMSProp", [Lr(1e-3, "Keras's"), CatalogParameter.Fraction("decay", 0.9, "squared-gradient decay"), Epsilon], fullBatch: false, 1,
            (p, lr) => Rules.RmsProp(lr, p("decay"), p("epsilon"))),
        Rule("adagrad", "AdaGrad", [Lr(0.01, "PyTorch's"), CatalogParameter.Positive("epsilon", 1e-10, "added to the denominator")], fullBatch: false, 1,
            (p, lr) => Rules.AdaGrad(lr, p("epsilon"))),
        Rule("rprop", "iRprop⁻: per-weight step sizes from gradient signs (full batch)",
            [CatalogParameter.Positive("initial-step", 0.01, "first step size"), new("increase", 1.2, 1, double.MaxValue, "growth η⁺", MinimumExcluded: true),
                new("decrease", 0.5, 0, 1, "shrink η⁻", MinimumExcluded: true, MaximumExcluded: true)],
            fullBatch: true, 2, (p, _) => Rules.Rprop(p("initial-step"), p("increase"), p("decrease"))),
        Minimizing("cg", "nonlinear conjugate gradient (Polak–Ribière+), one line search per epoch", 4, rules => Minimizer.ConjugateGradient(rules)),
        Minimizing("lbfgs", "L-BFGS with 10 pairs, one line search per epoch", 24, rules => Minimizer.Lbfgs(stopping: rules)),
        Minimizing("tnc", "truncated Newton on exact Hessian-vector products, one step per epoch", 8, rules => Minimizer.TruncatedNewton(stopping: rules)),
    ];

    /// <summary>Every learning-rate schedule, per epoch (the base rate is the optimizer's <c>lr</c>).</summary>
    public static ImmutableArray<ScheduleEntry> Schedules { get; } =
    [
        new("constant", "the base rate throughout", [], (lr, _, _) => Optimization.Scheduling.Schedules.Constant(lr)),
        new("step", "multiply by factor every 'every' epochs",
            [new("factor", 0.1, 0, 1, "multiplier", MinimumExcluded: true), CatalogParameter.Count("every", 30, "epochs between drops")],
            (lr, p, _) => Optimization.Scheduling.Schedules.StepDecay(lr, p("factor"), (int)p("every"))),
        new("exponential", "multiply by factor every epoch", [new("factor", 0.95, 0, 1, "multiplier per epoch", MinimumExcluded: true)],
            (lr, p, _) => Optimization.Scheduling.Schedules.Exponential(lr, p("factor"))),
        new("cosine", "cosine decay over the epoch budget to final × lr", [new("final", 0, 0, 1, "final rate as a fraction of lr")],
            (lr, p, epochs) => Optimization.Scheduling.Schedules.Cosine(lr, epochs, lr * p("final"))),
        new("warmup-cosine", "linear warm-up from 0 over 'warmup' epochs, then cosine decay to final × lr",
            [CatalogParameter.Count("warmup", 5, "warm-up epochs"), new("final", 0, 0, 1, "final rate as a fraction of lr")],
            (lr, p, epochs) => WarmupCosine(lr, (int)p("warmup"), p("final"), epochs)),
        new("one-cycle", "one cycle (Smith; PyTorch's OneCycleLR): cosine up from lr/div to lr over pct-start of the epochs, then down to lr/(div·final-div)",
            [new("pct-start", 0.3, 0, 1, "fraction of the epochs spent rising", MinimumExcluded: true, MaximumExcluded: true),
                new("div", 25, 1, double.MaxValue, "initial rate is lr/div"), new("final-div", 1e4, 1, double.MaxValue, "final rate is lr/(div·final-div)")],
            (lr, p, epochs) => OneCycle(lr, p("pct-start"), p("div"), p("final-div"), epochs)),
        new("plateau", "reduce on plateau (scikit-learn's adaptive): multiply by factor after 'patience' epochs without improvement",
            [new("factor", 0.2, 0, 1, "multiplier", MinimumExcluded: true, MaximumExcluded: true), CatalogParameter.Count("patience", 2, "stale epochs"),
                new("tolerance", 1e-4, 0, double.MaxValue, "improvement that counts"), CatalogParameter.Positive("minimum", 1e-6, "smallest multiplier")],
            null),
    ];

    /// <summary>Every activation; the name is written <c>name</c> or <c>name(α)</c>.</summary>
    public static ImmutableArray<ModelEntry> Activations { get; } =
    [
        new("relu", "max(0, z)", []),
        new("tanh", "hyperbolic tangent", []),
        new("sigmoid", "logistic 1/(1 + e⁻ᶻ)", []),
        new("elu", "z for z > 0, α(eᶻ − 1) otherwise", [CatalogParameter.Positive("alpha", 1, "α")]),
        new("leaky-relu", "z for z > 0, αz otherwise", [CatalogParameter.Positive("alpha", 0.01, "α")]),
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
        new("huber", "Huber: squared within delta of the target, linear beyond", [CatalogParameter.Positive("delta", 1, "δ")]),
        new("mae", "absolute error |a − y| (L1)", []),
        new("poisson", "Poisson negative log-likelihood of counts, the output a log-rate", []),
    ];

    /// <summary>Every initializer.</summary>
    public static ImmutableArray<ModelEntry> Initializers { get; } =
    [
        new("xavier", "Glorot uniform ±√(6/(in + out)), biases zero", []),
        new("epsilon", "uniform ±√6/√(in + out) for weights and biases", []),
        new("epsilon-tutorial", "the tutorials' ε-uniform for weights and biases", []),
        new("uniform", "uniform ±r for weights and biases", [CatalogParameter.Positive("r", 0.25, "range")]),
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

    /// <summary>Names as help texts list them: <c>a, b, c</c>.</summary>
    public static string Names<TEntry>(IEnumerable<TEntry> entries) where TEntry : CatalogEntry => string.Join(", ", entries.Select(e => e.Name));

    /// <summary>Names with parameters, as help texts show them: <c>elu(alpha=1)</c>.</summary>
    public static string Signatures<TEntry>(IEnumerable<TEntry> entries) where TEntry : CatalogEntry => string.Join(", ", entries.Select(e => e.Signature));

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

    private static OptimizerEntry Rule(string name, string help, ImmutableArray<CatalogParameter> parameters, bool fullBatch, double stateCopies,
        Func<Func<string, double>, LearningRate, Validation<Error, UpdateRule>> build) =>
        new(name, help, parameters, fullBatch, stateCopies, build, null);

    // The budget is the epoch count; evaluations get room for a line search of a few trials per iteration.
    private static OptimizerEntry Minimizing(string name, string help, double stateCopies, Func<StoppingRules, Validation<Error, Minimizer>> build) =>
        new(name, help, [], FullBatch: true, stateCopies, null,
            epochs => StoppingRules.Create(maxEvaluations: Math.Max(15000, 4 * epochs), maxIterations: epochs).Bind(build));

    private static Validation<Error, Schedule> WarmupCosine(double lr, int warmup, double final, int epochs) =>
        epochs <= warmup
            ? Fail<Error, Schedule>(new Error("options.schedule.warmup", $"warmup-cosine: warmup ({warmup} epochs) must be shorter than the {epochs} epochs"))
            : Optimization.Scheduling.Schedules.Cosine(lr, epochs - warmup, lr * final).Bind(cosine => Optimization.Scheduling.Schedules.Warmup(warmup, cosine));

    private static Validation<Error, Schedule> OneCycle(double lr, double pctStart, double div, double finalDiv, int epochs)
    {
        int rise = Math.Max(1, (int)Math.Round(pctStart * epochs));
        if (rise >= epochs)
            return Fail<Error, Schedule>(new Error("options.schedule.pct-start", $"one-cycle: needs at least 2 epochs to rise and fall, found {epochs}"));
        double start = lr / div, end = start / finalDiv;
        int fall = epochs - rise;
        // Both phases anneal by cosine, as PyTorch's default anneal_strategy='cos'.
        return Success<Error, Schedule>(e => e < rise
            ? lr + (start - lr) * 0.5 * (1 + Math.Cos(Math.PI * e / rise))
            : end + (lr - end) * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(e - rise, fall) / fall)));
    }
}
