using System.Collections.Immutable;
using LanguageExt;
using static LanguageExt.Prelude;

namespace FunctionalNet.Optimization.UpdateRules;

/// <summary>
/// One update rule as the catalog lists it (<see cref="RuleCatalog"/>): its name, a line of help, whether it takes a
/// learning rate and its default one, its other hyper-parameters with defaults and ranges, and how to build it.
/// </summary>
public sealed class RuleDescription
{
    private readonly Func<LearningRate, Func<string, double>, Validation<Error, UpdateRule>> build;

    internal RuleDescription(string name, string help, double? defaultLearningRate, ImmutableArray<HyperParameter> parameters,
        Func<LearningRate, Func<string, double>, Validation<Error, UpdateRule>> build, string? aliasOf = null, bool fullBatch = false, bool plainStep = false)
    {
        Name = name;
        Help = help;
        DefaultLearningRate = defaultLearningRate;
        Parameters = parameters;
        AliasOf = aliasOf;
        FullBatch = fullBatch;
        PlainStep = plainStep;
        this.build = build;
    }

    /// <summary>The name <see cref="Rules.ByName(string, LearningRate)"/> accepts.</summary>
    public string Name { get; }

    /// <summary>What the rule does, in a line.</summary>
    public string Help { get; }

    /// <summary>The learning rate used when none is given, or null for a rule that takes none (Rprop adapts its own steps).</summary>
    public double? DefaultLearningRate { get; }

    /// <summary>Whether the rule scales by a learning rate.</summary>
    public bool TakesLearningRate => DefaultLearningRate is not null;

    /// <summary>The hyper-parameters other than the learning rate, with defaults and valid ranges.</summary>
    public ImmutableArray<HyperParameter> Parameters { get; }

    /// <summary>The rule this name is another name for (<c>gd</c> is <c>sgd</c>), or null.</summary>
    public string? AliasOf { get; }

    /// <summary>Whether the rule is meant for full batches (gd; Rprop, whose sign logic mini-batch noise defeats).</summary>
    public bool FullBatch { get; }

    /// <summary>Whether a step is the learning rate times the gradient (with momentum at most), no per-parameter scaling, so an
    /// L2 term shrinks every weight by the same factor 1 − ηλ/m each step.</summary>
    public bool PlainStep { get; }

    /// <summary>
    /// The rule with <paramref name="learningRate"/> (default: <see cref="DefaultLearningRate"/>; ignored by a rule that
    /// takes none) and the named <paramref name="parameters"/> (the rest at their defaults); an unknown parameter name or
    /// a value out of its range is an error.
    /// </summary>
    public Validation<Error, UpdateRule> Create(LearningRate? learningRate = null, IReadOnlyDictionary<string, double>? parameters = null)
    {
        var given = parameters ?? System.Collections.Immutable.ImmutableDictionary<string, double>.Empty;
        var unknown = given.Keys.Where(k => !Parameters.Any(p => p.Name == k)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
            return Validation<Error, UpdateRule>.Fail(unknown.Select(k => new Error($"{Name}.unknown-parameter",
                $"{Name} has no parameter '{k}'{(Parameters.IsEmpty ? "" : $"; it takes {string.Join(", ", Parameters.Select(p => p.Name))}")}")).ToSeq());
        double Value(string name) => given.TryGetValue(name, out double v) ? v : Parameters.First(p => p.Name == name).Default;
        return build(learningRate ?? DefaultLearningRate ?? 1, Value);
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
