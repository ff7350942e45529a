using System.Collections.Immutable;
using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet;

/// <summary>
/// One scikit-learn <c>scoring</c> string and the pure function it names; every scorer is higher-is-better, the
/// errors and losses negated as scikit-learn's <c>neg_</c> scorers are. Built by <see cref="Scorers"/>.
/// </summary>
public sealed record Scorer
{
    private readonly Func<IReadOnlyList<int>, IReadOnlyList<int>, Either<Error, double>>? ofLabels;
    private readonly Func<IReadOnlyList<int>, Matrix<double>, Either<Error, double>>? ofProbabilities;
    private readonly Func<Matrix<double>, Matrix<double>, Either<Error, double>>? ofValues;

    private Scorer(string name, string? key, bool negated, ImmutableArray<string> aliases,
        Func<IReadOnlyList<int>, IReadOnlyList<int>, Either<Error, double>>? ofLabels,
        Func<IReadOnlyList<int>, Matrix<double>, Either<Error, double>>? ofProbabilities,
        Func<Matrix<double>, Matrix<double>, Either<Error, double>>? ofValues)
    {
        Name = name;
        Key = key ?? name;
        Negated = negated;
        Aliases = aliases;
        this.ofLabels = ofLabels;
        this.ofProbabilities = ofProbabilities;
        this.ofValues = ofValues;
    }

    /// <summary>scikit-learn's <c>scoring</c> name, such as <c>neg_log_loss</c>.</summary>
    public string Name { get; }

    /// <summary>
    /// The name its metric has wherever a value of it is recorded — <see cref="MetricSummary"/>, a model card's
    /// <c>test_*</c>, a sweep's <c>validation_*</c> — as the plain error or loss, not negated: the scikit-learn name, or
    /// for some the short one the records have always used (<c>mcc</c>, <c>log_loss</c>, <c>mse</c>, <c>mae</c>). It is
    /// always one of the spellings the scorer answers to, so a recorded name is also a scoring option.
    /// </summary>
    public string Key { get; }

    /// <summary>The metric itself, as recorded under <see cref="Key"/>: the score, negated back for a <c>neg_</c> scorer.</summary>
    public Either<Error, double> Plain(Either<Error, double> score) => Negated ? score.Map(v => -v) : score;

    /// <summary>Other spellings that name this scorer (short and hyphenated forms, such as <c>log-loss</c>).</summary>
    public ImmutableArray<string> Aliases { get; }

    /// <summary>
    /// Whether the score is the negative of an error or loss (<c>neg_</c>); either way a higher score is a better
    /// model, as with every scikit-learn scorer.
    /// </summary>
    public bool Negated { get; }

    /// <summary>Whether it scores a classifier or a regressor.</summary>
    public ScorerTask Task => ofValues is null ? ScorerTask.Classification : ScorerTask.Regression;

    /// <summary>Whether it scores class probabilities rather than predicted classes.</summary>
    public bool NeedsProbabilities => ofProbabilities is not null;

    /// <summary>
    /// The score of a classifier's predicted class indices (<paramref name="predicted"/>) or, when
    /// <see cref="NeedsProbabilities"/>, its class <paramref name="probabilities"/>; the other may be null. An error
    /// when the input it needs is missing, when it is a regression scorer, or when the metric is undefined on the data.
    /// </summary>
    public Either<Error, double> Classes(IReadOnlyList<int> actual, IReadOnlyList<int>? predicted, Matrix<double>? probabilities) =>
        (ofLabels, ofProbabilities) switch
        {
            ({ } f, _) when predicted is not null => f(actual, predicted),
            (_, { } f) when probabilities is not null => f(actual, probabilities),
            (null, null) => Refuse("scores a regression, not classes"),
            _ => Refuse(NeedsProbabilities ? "needs class probabilities" : "needs predicted classes"),
        };

    /// <summary>The score of a regressor's <paramref name="predicted"/> values; an error for a classification scorer.</summary>
    public Either<Error, double> Values(Matrix<double> actual, Matrix<double> predicted) =>
        ofValues is { } f ? f(actual, predicted) : Refuse("scores classes, not a regression");

    /// <summary>Whether <paramref name="name"/> (trimmed, any case) is this scorer's name or one of its aliases.</summary>
    public bool Answers(string name) =>
        Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase) || Aliases.Any(a => a.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase));

    internal static Scorer OfLabels(string name, string[] aliases, Func<IReadOnlyList<int>, IReadOnlyList<int>, Either<Error, double>> f, string? key = null) =>
        new(name, key, false, [.. aliases], f, null, null);

    internal static Scorer OfProbabilities(string name, bool negated, string[] aliases, Func<IReadOnlyList<int>, Matrix<double>, Either<Error, double>> f,
        string? key = null) => new(name, key, negated, [.. aliases], null, f, null);

    internal static Scorer OfValues(string name, bool negated, string[] aliases, Func<Matrix<double>, Matrix<double>, Either<Error, double>> f, string? key = null) =>
        new(name, key, negated, [.. aliases], null, null, f);

    private Either<Error, double> Refuse(string why) => new Error("scorer.input", $"{Name} {why}");
}
