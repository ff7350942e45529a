using System.Collections.Immutable;

namespace FunctionalNet.Optimization.UpdateRules;

/// <summary>
/// Every update rule that has a name, in one list: what command lines, help texts, sweep grids and model cards read
/// (names, defaults, ranges, default learning rates), and what <see cref="Rules.ByName(string, LearningRate)"/> builds from.
/// Adding a rule is adding its factory to <see cref="Rules"/> and its entry here.
/// </summary>
public static class RuleCatalog
{
    private static readonly ParameterRange Fraction = new(0, 1, true, false);

    /// <summary>The rules, <c>gd</c> (full-batch sgd) included as an alias.</summary>
    public static ImmutableArray<RuleDescription> All { get; } =
    [
        // The moons tutorial's full-batch rate, which the README's first command reproduces.
        new("gd", "gradient descent on the whole training set: θ′ = θ − η g", 0.5, [], (rate, _) => Rules.Sgd(rate), aliasOf: "sgd", fullBatch: true, plainStep: true),
        // Keras's SGD default; with one sample per step 0.1 already stalls on digits with relu.
        new("sgd", "stochastic gradient descent: θ′ = θ − η g", 0.01, [], (rate, _) => Rules.Sgd(rate), plainStep: true),
        // The PyTorch examples' rate with momentum 0.9.
        new("momentum", "heavy-ball momentum (Polyak 1964): v′ = βv + g, θ′ = θ − η v′", 0.01,
            [new("decay", 0.9, Fraction, "β, the velocity's decay")], (rate, p) => Rules.Momentum(rate, p("decay")), plainStep: true),
        new("nesterov", "Nesterov momentum (Sutskever et al. 2013): v′ = βv + g, θ′ = θ − η (g + βv′)", 0.01,
            [new("decay", 0.9, Fraction, "β, the velocity's decay")], (rate, p) => Rules.Nesterov(rate, p("decay")), plainStep: true),
        // Kingma & Ba's, and the default of scikit-learn, PyTorch and optax.
        new("adam", "Adam (Kingma & Ba 2015): bias-corrected first and second moments", 1e-3, AdamParameters,
            (rate, p) => Rules.Adam(rate, p("beta1"), p("beta2"), p("epsilon"))),
        // PyTorch's AdamW default rate, Adam's.
        new("adamw", "AdamW (Loshchilov & Hutter 2019): Adam with decoupled weight decay λθ", 1e-3,
            [new("weight-decay", 0.01, ParameterRange.NonNegative, "λ, decoupled weight decay"), .. AdamParameters],
            (rate, p) => Rules.AdamW(rate, p("weight-decay"), p("beta1"), p("beta2"), p("epsilon"))),
        // Keras's default.
        new("rmsprop", "RMSProp (Tieleman & Hinton 2012): g over the root of a running mean of g²", 1e-3,
            [new("decay", 0.9, Fraction, "ρ, the running mean's decay"), new("epsilon", 1e-8, ParameterRange.Positive, "ε added to the root")],
            (rate, p) => Rules.RmsProp(rate, p("decay"), p("epsilon"))),
        // PyTorch's default.
        new("adagrad", "AdaGrad (Duchi, Hazan & Singer 2011): g over the root of the sum of g²", 0.01,
            [new("epsilon", 1e-10, ParameterRange.Positive, "ε added to the root")], (rate, p) => Rules.AdaGrad(rate, p("epsilon"))),
        // Adapts its own step sizes, so it takes no rate; PyTorch's defaults.
        new("rprop", "iRprop⁻ (Igel & Hüsken 2000): per-parameter steps grown while the gradient's sign holds, shrunk when it flips; full batches", null,
            [
                new("initial-step", 0.01, ParameterRange.Positive, "Δ₀, within [min-step, max-step]"),
                new("increase", 1.2, new(1, double.PositiveInfinity, false, false), "η⁺, growth while the sign holds"),
                new("decrease", 0.5, new(0, 1, false, false), "η⁻, shrinkage when it flips"),
                new("min-step", 1e-6, ParameterRange.Positive, "Δmin"),
                new("max-step", 50, ParameterRange.Positive, "Δmax"),
            ],
            (_, p) => Rules.Rprop(p("initial-step"), p("increase"), p("decrease"), p("min-step"), p("max-step")), fullBatch: true),
    ];

    private static ImmutableArray<HyperParameter> AdamParameters =>
    [
        new("beta1", 0.9, Fraction, "β₁, the first moment's decay"),
        new("beta2", 0.999, Fraction, "β₂, the second moment's decay"),
        new("epsilon", 1e-8, ParameterRange.Positive, "ε added to the root of the second moment"),
    ];

    /// <summary>The entry called <paramref name="name"/> (any case, surrounding spaces ignored), or null.</summary>
    public static RuleDescription? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(d => string.Equals(d.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
    }
}
