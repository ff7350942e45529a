using System.Collections.Immutable;
using FunctionalNet.Optimization;
using FunctionalNet.Optimization.UpdateRules;
using LanguageExt;

namespace FunctionalNet;

/// <summary>
/// An optimizer in the catalog: a first-order rule (<see cref="Rule"/>, described by <see cref="RuleCatalog"/>: any
/// batching, optionally scheduled and clipped) or a full-batch line-search minimizer (<see cref="Minimizer"/>, computing in double).
/// </summary>
/// <param name="Name">As options and cards spell it.</param>
/// <param name="Help">One line.</param>
/// <param name="Parameters">Its hyper-parameters; <c>lr</c>'s default is the optimizer's own learning rate.</param>
/// <param name="FullBatch">True when it steps on the whole training set by nature (gd, rprop, the minimizers), so a
/// batch size given by defaults passes it by.</param>
/// <param name="StateCopies">Parameter-sized vectors it keeps besides the gradient (for memory estimates).</param>
/// <param name="Rule">The rule's description in <see cref="RuleCatalog"/>; null for a minimizer.</param>
/// <param name="Minimizer">Builds the minimizer for an iteration budget; null for a rule.</param>
public sealed record OptimizerEntry(string Name, string Help, ImmutableArray<HyperParameter> Parameters, bool FullBatch, double StateCopies,
    RuleDescription? Rule, Func<int, Validation<Error, Minimizer>>? Minimizer) : CatalogEntry(Name, Help, Parameters)
{
    /// <summary>True for the line-search minimizers (cg, lbfgs, tnc).</summary>
    public bool IsMinimizer => Minimizer is not null;

    /// <summary>The learning rate used when none is given, or null when it takes none (rprop, the minimizers).</summary>
    public double? DefaultLearningRate => Parameter(Catalog.LearningRate)?.Default;

    /// <summary>The entry of a first-order rule: its <c>lr</c> (when it takes one) followed by the rule's own parameters.</summary>
    public static OptimizerEntry Of(RuleDescription rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var own = rule.Parameters;
        var parameters = rule.DefaultLearningRate is { } lr ? [HyperParameter.Positive(Catalog.LearningRate, lr, "learning rate"), .. own] : own;
        return new(rule.Name, rule.Help, parameters, rule.FullBatch, RuleStateShape.VectorCount(rule.Create().Map(r => r.Init<double>(1))), rule, null);
    }

    /// <summary>The rule at <paramref name="rate"/> with the <paramref name="given"/> parameters (<c>lr</c> is the rate's, not the rule's).</summary>
    public Validation<Error, UpdateRule> CreateRule(ImmutableSortedDictionary<string, double>? given, LearningRate rate) =>
        Rule?.Create(rate, (given ?? ImmutableSortedDictionary<string, double>.Empty).Remove(Catalog.LearningRate))
        ?? throw new InvalidOperationException($"{Name} is a line-search minimizer, not a rule");
}
