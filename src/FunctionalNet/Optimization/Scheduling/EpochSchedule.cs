using System.Collections.Immutable;
using System.Globalization;
using FunctionalNet.Optimization.UpdateRules;
using LanguageExt;
using static LanguageExt.Prelude;

namespace FunctionalNet.Optimization.Scheduling;

/// <summary>
/// A learning-rate schedule described in epochs, as a command line or a model card gives it: a name and its parameters,
/// validated, with a text form (<see cref="Parse"/>, <c>warmup-cosine(5)</c>) whose canonical <see cref="ToString"/> lists
/// every parameter and parses back to an equal value. <see cref="ToSchedule"/> turns it into the per-step
/// <see cref="Schedule"/> the engine runs, once the base rate, the steps per epoch and the run's epochs are known; lengths
/// in epochs become lengths in steps, so with one step per epoch (full batches) the rate changes once per epoch, and with
/// mini-batches it moves smoothly within epochs. <c>plateau</c> keeps the rate constant and hands the engine a
/// <see cref="PlateauPolicy"/> (<see cref="Plateau"/>) that lowers it when the cost stalls.
/// </summary>
public sealed record EpochSchedule
{
    private EpochSchedule(ScheduleDescription description, ImmutableArray<double> values)
    {
        Description = description;
        Values = values;
    }

    /// <summary>Every schedule, with its parameters' defaults and ranges (for help texts, grids and cards).</summary>
    public static ImmutableArray<ScheduleDescription> Catalog { get; } =
    [
        new("constant", "the base rate throughout", []),
        new("step", "the rate times factor every `every` epochs", [
            new("factor", 0.5, new(0, 1, false, true), "multiplier applied at each drop"),
            new("every", 10, ParameterRange.AtLeastOne, "epochs between drops", IsInteger: true)]),
        new("exponential", "the rate times gamma per epoch (smoothly within epochs)", [
            new("gamma", 0.95, new(0, 1, false, true), "multiplier per epoch")]),
        new("cosine", "cosine decay from the base rate to `final` over the run's epochs (Loshchilov & Hutter 2017)", [
            new("final", 0, ParameterRange.NonNegative, "the rate at the end of the run, at most the base rate")]),
        new("warmup-cosine", "linear warm-up to the base rate over `warmup` epochs, then cosine decay to `final` by the end", [
            new("warmup", 5, ParameterRange.AtLeastOne, "warm-up epochs, fewer than the run's", IsInteger: true),
            new("final", 0, ParameterRange.NonNegative, "the rate at the end of the run, at most the base rate")]),
        new("one-cycle", "Smith & Topin's one cycle, PyTorch's OneCycleLR: up from base/div-factor to the base rate (the peak), then down to base/(div-factor·final-div-factor)", [
            new("pct-start", 0.3, new(0, 1, false, false), "fraction of the run spent rising"),
            new("div-factor", 25, ParameterRange.Positive, "the peak over the starting rate"),
            new("final-div-factor", 1e4, ParameterRange.Positive, "the starting rate over the final rate")]),
        new("plateau", "the base rate, times factor whenever the watched cost fails to improve by tolerance for `patience` epochs (scikit-learn's adaptive)", [
            new("factor", 0.2, new(0, 1, false, false), "multiplier applied on a plateau"),
            new("patience", 2, ParameterRange.AtLeastOne, "stale epochs that make a plateau", IsInteger: true),
            new("tolerance", 1e-4, ParameterRange.NonNegative, "the improvement that resets the count"),
            new("minimum", 1e-6, ParameterRange.Positive, "the smallest multiplier")]),
    ];

    /// <summary>The schedules' names, in catalog order.</summary>
    public static ImmutableArray<string> Names { get; } = [.. Catalog.Select(d => d.Name)];

    /// <summary>The constant schedule (the default).</summary>
    public static EpochSchedule Constant { get; } = new(Catalog[0], []);

    /// <summary>This schedule's catalog entry.</summary>
    public ScheduleDescription Description { get; }

    /// <summary>The schedule's name.</summary>
    public string Name => Description.Name;

    /// <summary>Every parameter's value, in <see cref="ScheduleDescription.Parameters"/>' order (defaults filled in).</summary>
    public ImmutableArray<double> Values { get; }

    /// <summary>The value of the parameter called <paramref name="parameter"/>.</summary>
    /// <exception cref="ArgumentException">This schedule has no such parameter.</exception>
    public double this[string parameter]
    {
        get
        {
            for (int i = 0; i < Values.Length; i++)
                if (Description.Parameters[i].Name == parameter) return Values[i];
            throw new ArgumentException($"{Name} has no parameter '{parameter}'", nameof(parameter));
        }
    }

    /// <summary>Step decay: the rate times <paramref name="factor"/> every <paramref name="every"/> epochs.</summary>
    public static Validation<Error, EpochSchedule> Step(double factor = 0.5, int every = 10) => Create("step", factor, every);

    /// <summary>Exponential decay: the rate times <paramref name="gamma"/> per epoch.</summary>
    public static Validation<Error, EpochSchedule> Exponential(double gamma = 0.95) => Create("exponential", gamma);

    /// <summary>Cosine decay to <paramref name="final"/> over the run.</summary>
    public static Validation<Error, EpochSchedule> Cosine(double final = 0) => Create("cosine", final);

    /// <summary>Linear warm-up over <paramref name="warmup"/> epochs, then cosine decay to <paramref name="final"/>.</summary>
    public static Validation<Error, EpochSchedule> WarmupCosine(int warmup = 5, double final = 0) => Create("warmup-cosine", warmup, final);

    /// <summary>One cycle with PyTorch <c>OneCycleLR</c>'s parameters (the base rate is its <c>max_lr</c>).</summary>
    public static Validation<Error, EpochSchedule> OneCycle(double pctStart = 0.3, double divFactor = 25, double finalDivFactor = 1e4) =>
        Create("one-cycle", pctStart, divFactor, finalDivFactor);

    /// <summary>Reduce on plateau (<see cref="PlateauPolicy"/>), scikit-learn's defaults.</summary>
    public static Validation<Error, EpochSchedule> ReduceOnPlateau(double factor = 0.2, int patience = 2, double tolerance = 1e-4, double minimum = 1e-6) =>
        Create("plateau", factor, patience, tolerance, minimum);

    /// <summary>
    /// The schedule called <paramref name="name"/> with the first parameters given (the rest take their defaults); every
    /// problem (unknown name, too many values, a value out of its range) is an error.
    /// </summary>
    public static Validation<Error, EpochSchedule> Create(string name, params double[] values)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(values);
        var description = Catalog.FirstOrDefault(d => string.Equals(d.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
        if (description is null)
            return Fail(new Error("schedule.unknown", $"unknown learning-rate schedule '{name}', expected one of {string.Join(", ", Names)}"));
        var parameters = description.Parameters;
        if (values.Length > parameters.Length)
            return Fail(new Error($"{description.Name}.arguments", $"{description.Usage} takes at most {parameters.Length} values, found {values.Length}"));
        var all = parameters.Select((p, i) => i < values.Length ? values[i] : p.Default).ToImmutableArray();
        var errors = parameters.Select((p, i) => p.Problem(description.Name, all[i])).OfType<Error>().ToList();
        return errors.Count == 0 ? Success<Error, EpochSchedule>(new EpochSchedule(description, all)) : Validation<Error, EpochSchedule>.Fail(errors.ToSeq());
    }

    /// <summary>
    /// The schedule in <paramref name="text"/>: a name, optionally followed by parenthesised, comma-separated numbers
    /// (<c>cosine</c>, <c>step(0.1, 30)</c>, <c>warmup-cosine(5)</c>); the inverse of <see cref="ToString"/>.
    /// </summary>
    public static Validation<Error, EpochSchedule> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string s = text.Trim();
        int open = s.IndexOf('(', StringComparison.Ordinal);
        if (open < 0) return Create(s);
        if (!s.EndsWith(')'))
            return Fail(new Error("schedule.syntax", $"learning-rate schedule '{text}': expected NAME or NAME(v1, v2, …) with a closing ')'"));
        string inner = s[(open + 1)..^1];
        var pieces = inner.Trim().Length == 0 ? [] : inner.Split(',').Select(p => p.Trim()).ToArray();
        var values = new double[pieces.Length];
        for (int i = 0; i < pieces.Length; i++)
            if (!double.TryParse(pieces[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                return Fail(new Error("schedule.syntax", $"learning-rate schedule '{text}': value {i + 1} '{pieces[i]}' is not a number"));
        return Create(s[..open], values);
    }

    /// <summary>The reduce-on-plateau policy a <c>plateau</c> schedule asks the engine for (null for the others).</summary>
    public PlateauPolicy? Plateau => Name == "plateau"
        ? PlateauPolicy.Create(Values[0], (int)Values[1], Values[2], Values[3]).Match(p => (PlateauPolicy?)p, _ => null)
        : null;

    /// <summary>
    /// The per-step schedule for a run of <paramref name="epochs"/> epochs of <paramref name="stepsPerEpoch"/> steps from
    /// the base rate <paramref name="learningRate"/> (the peak for one-cycle); an error when they do not fit (a final rate
    /// above the base, a warm-up as long as the run).
    /// </summary>
    public Validation<Error, Schedule> ToSchedule(double learningRate, int stepsPerEpoch, int epochs)
    {
        var problems = new List<Error>();
        problems.AddRange(Schedules.Positive(Name, "learning-rate", learningRate));
        problems.AddRange(Schedules.AtLeastOne(Name, "steps-per-epoch", stepsPerEpoch));
        problems.AddRange(Schedules.AtLeastOne(Name, "epochs", epochs));
        if ((long)stepsPerEpoch * epochs > int.MaxValue)
            problems.Add(new Error($"{Name}.steps", $"{Name}: {epochs} epochs of {stepsPerEpoch} steps exceed {int.MaxValue} steps"));
        if (Name == "warmup-cosine" && Values[0] >= epochs)
            problems.Add(new Error("warmup-cosine.warmup", $"warmup-cosine: the warm-up of {Values[0]} epochs must be shorter than the run's {epochs}"));
        if (problems.Count > 0) return Validation<Error, Schedule>.Fail(problems.ToSeq());
        int s = stepsPerEpoch, total = s * epochs;
        return Name switch
        {
            "step" => Schedules.StepDecay(learningRate, Values[0], (int)Math.Min(int.MaxValue, Values[1] * s)),
            "exponential" => Schedules.Exponential(learningRate, Values[0], s),
            "cosine" => Schedules.Cosine(learningRate, total, Values[0]),
            "warmup-cosine" => WarmupCosine(learningRate, (int)Values[0] * s, total, Values[1]),
            "one-cycle" => Success<Error, Schedule>(Scheduling.OneCycle.Create(learningRate, total, Values[0], Values[1], Values[2])),
            _ => Schedules.Constant(learningRate),
        };
    }

    // η·(t + 1)/n over the first n steps, so no step has rate 0 and step n − 1 reaches η; then the cosine from η.
    private static Validation<Error, Schedule> WarmupCosine(double rate, int warmup, int total, double final) =>
        Schedules.Cosine(rate, total - warmup, final).Map(cosine => Schedules.Join(t => rate * (t + 1) / warmup, warmup, cosine));

    /// <summary>Equal name and parameter values.</summary>
    public bool Equals(EpochSchedule? other) => other is not null && Name == other.Name && Values.SequenceEqual(other.Values);

    /// <inheritdoc/>
    public override int GetHashCode() => Values.Aggregate(Name.GetHashCode(StringComparison.Ordinal), HashCode.Combine);

    /// <summary>The canonical text: the name, then every parameter's value in parentheses (<c>warmup-cosine(5, 0)</c>).</summary>
    public override string ToString() =>
        Values.IsEmpty ? Name : $"{Name}({string.Join(", ", Values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))})";

    private static Validation<Error, EpochSchedule> Fail(Error error) => Validation<Error, EpochSchedule>.Fail(Seq1(error));
}
