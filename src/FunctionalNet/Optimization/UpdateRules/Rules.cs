using System.Collections.Immutable;
using System.Globalization;
using FunctionalNet.Optimization.Scheduling;
using LanguageExt;
using static LanguageExt.Prelude;

namespace FunctionalNet.Optimization.UpdateRules;

/// <summary>
/// The first-order update rules and their combinators. Every factory checks its hyper-parameters and returns the
/// rule or every problem found (codes like <c>adam.beta1</c>). Each rule is a chain of small transforms ending in the
/// learning-rate scaling, e.g. <c>Adam = Chain(scale-by-adam, scale-by-lr)</c>.
/// </summary>
public static class Rules
{
    /// <summary>The rules' names <see cref="ByName"/> accepts (<see cref="RuleCatalog"/> lists them with their parameters; <c>gd</c> is also accepted, as sgd).</summary>
    public static ImmutableArray<string> Names { get; } = [.. RuleCatalog.All.Where(d => d.AliasOf is null).Select(d => d.Name)];

    /// <summary>Gradient descent: θ′ = θ − η_t g.</summary>
    public static Validation<Error, UpdateRule> Sgd(LearningRate learningRate) =>
        Build([learningRate.Problem("sgd")], () => new LearningRateScaling(learningRate), $"sgd({learningRate})");

    /// <summary>Heavy-ball momentum (Polyak 1964): v′ = βv + g, θ′ = θ − η_t v′.</summary>
    public static Validation<Error, UpdateRule> Momentum(LearningRate learningRate, double decay = 0.9) =>
        Build([learningRate.Problem("momentum"), .. Described("momentum", ("decay", decay))],
            () => Chain(new MomentumTrace(decay, false), new LearningRateScaling(learningRate)), $"momentum({learningRate}, {Format(decay)})");

    /// <summary>Nesterov momentum (Sutskever et al. 2013): v′ = βv + g, θ′ = θ − η_t (g + βv′).</summary>
    public static Validation<Error, UpdateRule> Nesterov(LearningRate learningRate, double decay = 0.9) =>
        Build([learningRate.Problem("nesterov"), .. Described("nesterov", ("decay", decay))],
            () => Chain(new MomentumTrace(decay, true), new LearningRateScaling(learningRate)), $"nesterov({learningRate}, {Format(decay)})");

    /// <summary>
    /// Adam (Kingma &amp; Ba 2015): m′ = β₁m + (1 − β₁)g, v′ = β₂v + (1 − β₂)g², θ′ = θ − η_t m̂ / (√v̂ + ε) with the
    /// bias corrections m̂ = m′/(1 − β₁ᵗ), v̂ = v′/(1 − β₂ᵗ).
    /// </summary>
    public static Validation<Error, UpdateRule> Adam(LearningRate learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8) =>
        Build([learningRate.Problem("adam"), .. Described("adam", ("beta1", beta1), ("beta2", beta2), ("epsilon", epsilon))],
            () => Chain(new AdamScaling(beta1, beta2, epsilon), new LearningRateScaling(learningRate)), $"adam({learningRate})");

    /// <summary>AdamW (Loshchilov &amp; Hutter 2019): Adam with decoupled weight decay, θ′ = θ − η_t (m̂ / (√v̂ + ε) + λθ).</summary>
    public static Validation<Error, UpdateRule> AdamW(LearningRate learningRate, double weightDecay = 0.01, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8) =>
        Build([learningRate.Problem("adamw"), .. Described("adamw", ("beta1", beta1), ("beta2", beta2), ("epsilon", epsilon), ("weight-decay", weightDecay))],
            () => Chain(new AdamScaling(beta1, beta2, epsilon), new DecayedWeights(weightDecay), new LearningRateScaling(learningRate)),
            $"adamw({learningRate}, {Format(weightDecay)})");

    /// <summary>RMSProp (Tieleman &amp; Hinton 2012): ν′ = ρν + (1 − ρ)g², θ′ = θ − η_t g / (√ν′ + ε).</summary>
    public static Validation<Error, UpdateRule> RmsProp(LearningRate learningRate, double decay = 0.9, double epsilon = 1e-8) =>
        Build([learningRate.Problem("rmsprop"), .. Described("rmsprop", ("decay", decay), ("epsilon", epsilon))],
            () => Chain(new RmsScaling(decay, epsilon), new LearningRateScaling(learningRate)), $"rmsprop({learningRate})");

    /// <summary>AdaGrad (Duchi, Hazan &amp; Singer 2011): s′ = s + g², θ′ = θ − η_t g / (√s′ + ε).</summary>
    public static Validation<Error, UpdateRule> AdaGrad(LearningRate learningRate, double epsilon = 1e-10) =>
        Build([learningRate.Problem("adagrad"), .. Described("adagrad", ("epsilon", epsilon))],
            () => Chain(new AdaGradScaling(epsilon), new LearningRateScaling(learningRate)), $"adagrad({learningRate})");

    /// <summary>
    /// iRprop⁻ (Riedmiller &amp; Braun 1993; Igel &amp; Hüsken 2000), for full batches: per-parameter step sizes Δ start at
    /// <paramref name="initialStep"/>, grow by η⁺ while the gradient's sign holds and shrink by η⁻ when it flips, within
    /// [Δ_min, Δ_max]; θ′ = θ − sign(g)·Δ. Defaults are PyTorch's.
    /// </summary>
    public static Validation<Error, UpdateRule> Rprop(double initialStep = 0.01, double increase = 1.2, double decrease = 0.5,
        double minStep = 1e-6, double maxStep = 50)
    {
        List<Error?> problems =
        [
            .. Described("rprop", ("initial-step", initialStep), ("min-step", minStep), ("max-step", maxStep), ("increase", increase), ("decrease", decrease)),
            minStep <= initialStep && initialStep <= maxStep ? null
                : new Error("rprop.bounds", $"rprop: need min-step ≤ initial-step ≤ max-step, found {Format(minStep)} ≤ {Format(initialStep)} ≤ {Format(maxStep)}"),
        ];
        return Build(problems, () => new RpropSteps(initialStep, increase, decrease, minStep, maxStep), $"rprop({Format(initialStep)})");
    }

    /// <summary>Applies <paramref name="rules"/> in order, each to the previous one's output. <c>Chain()</c> is the identity (step = g).</summary>
    public static UpdateRule Chain(params UpdateRule[] rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return new UpdateRule(new ChainTransform([.. rules.Select(r => r.Transform)]));
    }

    /// <summary>
    /// A rule of your own (<see cref="GradientTransformation"/>), to train with on its own or in a <see cref="Chain(UpdateRule[])"/>
    /// with the built-in ones; errors when its name is blank or its state vectors are badly named.
    /// </summary>
    public static Validation<Error, UpdateRule> Custom(GradientTransformation transformation)
    {
        ArgumentNullException.ThrowIfNull(transformation);
        string? name = transformation.Name;
        var vectors = transformation.StateVectors.IsDefault ? [] : transformation.StateVectors;
        return Build(
            [
                string.IsNullOrWhiteSpace(name) ? new Error("custom.name", $"custom rule {transformation.GetType().Name}: the name must not be blank") : null,
                StateVectorNames.Problem(vectors) is { } problem ? new Error("custom.state-vectors", $"custom rule {name}: {problem}") : null,
            ],
            () => new CustomTransform(transformation, vectors));
    }

    /// <summary>Rescales the update to global norm at most <paramref name="maxNorm"/>: u·min(1, c/‖u‖₂) (Pascanu et al. 2013).</summary>
    public static Validation<Error, UpdateRule> ClipByGlobalNorm(double maxNorm) =>
        Build([Positive("clip-by-global-norm", "max-norm", maxNorm)], () => new GlobalNormClip(maxNorm));

    /// <summary>Clamps each entry of the update to [−c, c].</summary>
    public static Validation<Error, UpdateRule> ClipByValue(double max) =>
        Build([Positive("clip-by-value", "max", max)], () => new ValueClip(max));

    /// <summary>
    /// Adds λθ to the update. Placed before <see cref="ScaleByLearningRate"/> in a chain this is decoupled weight decay,
    /// θ′ = θ − η(u + λθ), independent of the adaptive scaling before it (unlike L2 in the cost).
    /// </summary>
    public static Validation<Error, UpdateRule> DecoupledWeightDecay(double rate) =>
        Build([NonNegative("decoupled-weight-decay", "rate", rate)], () => new DecayedWeights(rate));

    /// <summary>step = −η_t·u: the one transform that turns a direction into a descent step.</summary>
    public static Validation<Error, UpdateRule> ScaleByLearningRate(LearningRate learningRate) =>
        Build([learningRate.Problem("scale-by-lr")], () => new LearningRateScaling(learningRate));

    /// <summary>A rule by name (<see cref="Names"/>, or gd) with default hyper-parameters, for command lines; Rprop ignores the rate.</summary>
    public static Validation<Error, UpdateRule> ByName(string name, LearningRate learningRate) =>
        RuleCatalog.Find(name) is { } rule
            ? rule.Create(learningRate)
            : Validation<Error, UpdateRule>.Fail(Seq1(new Error("rule.unknown", $"unknown update rule '{name}', expected one of {string.Join(", ", Names)}")));

    private static Validation<Error, UpdateRule> Build(IEnumerable<Error?> problems, Func<Transform> build, string? name = null)
    {
        var errors = problems.OfType<Error>().ToList();
        if (errors.Count > 0) return Validation<Error, UpdateRule>.Fail(errors.ToSeq());
        return Success<Error, UpdateRule>(new UpdateRule(build(), name));
    }

    private static ChainTransform Chain(params Transform[] parts) => new([.. parts]);

    // A named rule's values checked against its parameters as RuleCatalog describes them: each range is stated once, there.
    private static IEnumerable<Error?> Described(string rule, params (string Name, double Value)[] values)
    {
        var parameters = RuleCatalog.Find(rule)!.Parameters;
        return values.Select(v => parameters.Single(p => p.Name == v.Name).Problem(rule, v.Value));
    }

    private static Error? Positive(string who, string what, double value) =>
        value > 0 && double.IsFinite(value) ? null : new Error($"{who}.{what}", $"{who}: {what} must be finite and > 0, found {Format(value)}");

    private static Error? NonNegative(string who, string what, double value) =>
        value >= 0 && double.IsFinite(value) ? null : new Error($"{who}.{what}", $"{who}: {what} must be finite and ≥ 0, found {Format(value)}");

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
