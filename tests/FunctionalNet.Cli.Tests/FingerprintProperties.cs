using System.Reflection;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Cli.Options;
using FunctionalNet.Cli.Training;
using FunctionalNet.Formats;
using FunctionalNet.Model;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// A checkpoint may only be resumed by a run with the same fingerprint: it must change with every setting that changes
/// what the run computes, stay with every one that does not (so <c>--epochs</c>, <c>--out</c>, progress… may change on
/// resume), and stay when an option added later is at its neutral value (so a new option refuses no older checkpoint).
/// </summary>
public class FingerprintProperties
{
    private static readonly TrainSettings Base = new("moons", null, 200, 0.1, "adam", 0.001, 10, 32, "xavier", 1, 0.2, null, 0.1, 10,
        false, "standard", "out", true, false, 0, null);

    private static readonly Architecture Net = Architecture.Create(2, [new Layer(4, Model.Activations.Activation.Relu),
        new Layer(2, Model.Activations.Activation.Softmax)], Model.Losses.Loss.CrossEntropy, 1e-4).Match(a => a, e => throw new InvalidOperationException(e.ToString()));

    private static T Other<T>(T current, T a, T b) => EqualityComparer<T>.Default.Equals(current, a) ? b : a;

    private static TrainSettings Table(TrainSettings s, Func<TableSettings, TableSettings> change) => s with { Table = change(s.Table) };

    // Each setting by its property's name (a table's as Table.NAME), with a change to another value.
    private static readonly (string Name, Func<TrainSettings, TrainSettings> Change)[] Trajectory =
    [
        ("Data", s => s with { Data = s.Data + "x" }), ("Label", s => s with { Label = Other(s.Label, null, "y") }),
        ("Samples", s => s with { Samples = s.Samples + 1 }), ("Noise", s => s with { Noise = s.Noise + 0.5 }),
        ("Optimizer", s => s with { Optimizer = Other(s.Optimizer, "adam", "sgd") }), ("LearningRate", s => s with { LearningRate = s.LearningRate * 2 + 1e-3 }),
        ("BatchSize", s => s with { BatchSize = s.BatchSize + 1 }), ("Init", s => s with { Init = Other(s.Init, "xavier", "he") }),
        ("Seed", s => s with { Seed = s.Seed + 1 }), ("TestSplit", s => s with { TestSplit = Other(s.TestSplit, 0.2, 0.3) }),
        ("TestData", s => s with { TestData = Other(s.TestData, null, "test.csv") }), ("ValidationSplit", s => s with { ValidationSplit = Other(s.ValidationSplit, 0.0, 0.1) }),
        ("Patience", s => s with { Patience = s.Patience + 1 }), ("Float32", s => s with { Float32 = !s.Float32 }),
        ("Scale", s => s with { Scale = Other(s.Scale, "standard", "minmax") }), ("Labels", s => s with { Labels = Other(s.Labels, null, "labels.csv") }),
        ("TestLabels", s => s with { TestLabels = Other(s.TestLabels, null, "tl.csv") }), ("Tolerance", s => s with { Tolerance = s.Tolerance * 10 }),
        ("RestoreBest", s => s with { RestoreBest = !s.RestoreBest }), ("EpochCost", s => s with { EpochCost = Other(s.EpochCost, "exact", "running-mean") }),
        ("Task", s => s with { Task = Other(s.Task, "classification", "regression") }), ("WeightColumn", s => s with { WeightColumn = Other(s.WeightColumn, null, "w") }),
        ("ClassWeight", s => s with { ClassWeight = Other(s.ClassWeight, null, "balanced") }), ("Dropout", s => s with { Dropout = Other(s.Dropout, null, "0.1") }),
        ("WeightDecay", s => s with { WeightDecay = Other(s.WeightDecay, null, 0.01) }), ("LrSchedule", s => s with { LrSchedule = Other(s.LrSchedule, "constant", "cosine") }),
        ("ClipNorm", s => s with { ClipNorm = Other(s.ClipNorm, null, 1.0) }), ("ClipValue", s => s with { ClipValue = Other(s.ClipValue, null, 0.5) }),
        ("Recorded", s => s with { Recorded = s.Recorded is null ? MlpOptions.Default : s.Recorded with { Seed = s.Recorded.Seed + 1 } }),
        ("Slots", s => s with { Slots = Other(s.Slots, 0, 8) }), ("Sampling", s => s with { Sampling = Other(s.Sampling, null, "sharded") }),
        ("Kernels", s => s with { Kernels = Other(s.Kernels, "fast", "exact") }),
        // Patience and the plateau rule judge recorded epochs only, so the interval can move where a run stops.
        ("HistoryEvery", s => s with { HistoryEvery = s.HistoryEvery == 1 ? 5 : 1 }),
        // A warm start's scaler shapes every step after the checkpoint too: another one is another run.
        ("Warm", s => s with { Warm = s.Warm is null ? Warm(0.5) : s.Warm.Card.Preprocessing.Scaler!.Offset[0] == 0.5 ? Warm(0.25) : null }),
        ("Table.Requested", s => Table(s, t => t with { Requested = !t.Requested })),
        ("Table.Drop", s => Table(s, t => t with { Reading = t.Reading with { Drop = t.Reading.Drop.Add("id") } })),
        ("Table.Categorical", s => Table(s, t => t with { Reading = t.Reading with { Categorical = t.Reading.Categorical.Add("c,d") } })),
        ("Table.Numeric", s => Table(s, t => t with { Reading = t.Reading with { Numeric = t.Reading.Numeric.Add("") } })),
        ("Table.MissingValues", s => Table(s, t => t with { Reading = t.Reading with { MissingValues = t.Reading.MissingValues.Add("-") } })),
        ("Table.Delimiter", s => Table(s, t => t with { Reading = t.Reading with { Delimiter = Other(t.Reading.Delimiter, null, ';') } })),
        ("Table.NumericImputer", s => Table(s, t => t with { Preprocessing = t.Preprocessing with { NumericImputer = Other(t.Preprocessing.NumericImputer, "median", "mean") } })),
        ("Table.FillValue", s => Table(s, t => t with { Preprocessing = t.Preprocessing with { FillValue = t.Preprocessing.FillValue + 1 } })),
        ("Table.CategoricalImputer", s => Table(s, t => t with { Preprocessing = t.Preprocessing with { CategoricalImputer = Other(t.Preprocessing.CategoricalImputer, "most-frequent", "missing") } })),
        ("Table.Unknown", s => Table(s, t => t with { Preprocessing = t.Preprocessing with { Unknown = Other(t.Preprocessing.Unknown, "ignore", "error") } })),
        ("Table.MaxCategories", s => Table(s, t => t with { Preprocessing = t.Preprocessing with { MaxCategories = (t.Preprocessing.MaxCategories ?? 1) + 1 } })),
        ("Table.MissingIndicator", s => Table(s, t => t with { Preprocessing = t.Preprocessing with { MissingIndicator = !t.Preprocessing.MissingIndicator } })),
    ];

    // Settings that say how long the run goes or where and how it reports: a resume may change them.
    private static readonly (string Name, Func<TrainSettings, TrainSettings> Change)[] Elsewhere =
    [
        ("Epochs", s => s with { Epochs = s.Epochs + 7 }), ("Out", s => s with { Out = s.Out + "/other" }), ("Quiet", s => s with { Quiet = !s.Quiet }),
        ("LogScale", s => s with { LogScale = !s.LogScale }), ("CheckpointEvery", s => s with { CheckpointEvery = s.CheckpointEvery + 3 }),
        ("Resume", s => s with { Resume = Other(s.Resume, null, "old") }), ("PlotFormat", s => s with { PlotFormat = Other(s.PlotFormat, "svg", "png") }),
        ("History", s => s with { History = Other(s.History, null, new HistoryFormat("jsonl")) }),
        ("Decision", s => s with { Decision = s.Decision is null ? new DecisionSettings("platt", double.NaN, new ThresholdObjective.F1()) : null }),
        ("Exchange", s => s with { Exchange = s.Exchange is null ? new TwoRanks() : null }),
        ("Table.MaxErrors", s => Table(s, t => t with { Reading = t.Reading with { MaxErrors = t.Reading.MaxErrors + 1 } })),
    ];

    // A model whose card differs only in its scaler's first offset.
    private static StoredModel Warm(double mean) => new(new ModelCard(ModelCard.CurrentFormat, ModelCard.ThisLibrary, ModelCard.Describe(Net), "float64",
        "model.safetensors", new string('0', 64), new PreprocessingCard(["x1", "x2"], ["red", "blue"], new ScalerCard("standard", [mean, -1], [2, 0.25]), "label"),
        null, System.Collections.Immutable.ImmutableSortedDictionary<string, double>.Empty), Net, new NetworkWeights.F64(Parameters<double>.Zeros(Net.Layout)));

    private sealed class TwoRanks : FunctionalNet.Training.SlotExchange
    {
        public override int Rank => 0;
        public override int Ranks => 2;
        public override void AllGather(ReadOnlySpan<byte> mine, Span<byte> all) => throw new NotSupportedException("the fingerprint exchanges nothing");
    }

    // Random settings: a few changes of either kind applied to the base, so each change is tried from many starting points.
    private static Gen<TrainSettings> Settings =>
        from changes in Gen.Elements([.. Trajectory, .. Elsewhere]).ListOf().Where(l => l.Count <= 6)
        select changes.Aggregate(Base, (s, c) => c.Change(s));

    private static Arbitrary<(TrainSettings, (string Name, Func<TrainSettings, TrainSettings> Change))> Changed(
        (string Name, Func<TrainSettings, TrainSettings> Change)[] kind) =>
        (from s in Settings from c in Gen.Elements(kind) select (s, c)).ToArbitrary();

    /// <summary>Every setting that changes what the run computes changes the fingerprint, from any settings.</summary>
    [Property(MaxTest = 300)]
    public Property A_setting_that_changes_the_trajectory_changes_the_fingerprint() =>
        Prop.ForAll(Changed(Trajectory), p =>
        {
            var (s, (name, change)) = p;
            return (s.Fingerprint(Net) != change(s).Fingerprint(Net)).Label($"{name}: {s.Fingerprint(Net)}");
        });

    /// <summary>A setting that only says how long the run goes or where it reports leaves the fingerprint as it was.</summary>
    [Property(MaxTest = 200)]
    public Property A_setting_that_does_not_change_the_trajectory_leaves_the_fingerprint() =>
        Prop.ForAll(Changed(Elsewhere), p =>
        {
            var (s, (name, change)) = p;
            return (s.Fingerprint(Net) == change(s).Fingerprint(Net)).Label(name);
        });

    /// <summary>A new option must be put on one side or the other before it can pass the two properties above.</summary>
    [Fact]
    public void Every_setting_is_either_in_the_fingerprint_or_named_as_outside_it()
    {
        static IEnumerable<string> Settable(Type t, string prefix) =>
            t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is not null).Select(p => prefix + p.Name);
        var all = Settable(typeof(TrainSettings), "").Where(n => n != "Table")
            .Concat(Settable(typeof(TableSettings), "Table.").Where(n => n is not ("Table.Reading" or "Table.Preprocessing")))
            .Concat(Settable(typeof(Data.Tables.TableOptions), "Table.")).Concat(Settable(typeof(Data.Preprocessing.TablePreprocessingOptions), "Table."));
        Assert.Equal(all.Order(StringComparer.Ordinal), Trajectory.Concat(Elsewhere).Select(c => c.Name).Distinct().Order(StringComparer.Ordinal));
    }

    /// <summary>The network is part of what is computed: its widths, activations, loss and λ.</summary>
    [Fact]
    public void Another_network_changes_the_fingerprint()
    {
        Architecture Make(int width, Model.Activations.Activation hidden, double lambda) => Architecture.Create(2, [new Layer(width, hidden),
            new Layer(2, Model.Activations.Activation.Softmax)], Model.Losses.Loss.CrossEntropy, lambda).Match(a => a, e => throw new InvalidOperationException(e.ToString()));
        string[] prints = [.. new[] { Net, Make(5, Model.Activations.Activation.Relu, 1e-4), Make(4, Model.Activations.Activation.Tanh, 1e-4),
            Make(4, Model.Activations.Activation.Relu, 1e-3) }.Select(a => Base.Fingerprint(a))];
        Assert.Equal(prints.Length, prints.Distinct().Count());
    }

    /// <summary>
    /// The spelling is pinned: a checkpoint stores it, so a change to this text refuses every checkpoint written before
    /// (change it only knowingly, and say so in docs/formats.md). Options added later at their neutral value are not in it.
    /// </summary>
    [Fact]
    public void The_spelling_is_stable_and_options_at_their_neutral_value_add_nothing()
    {
        const string pinned = "data=moons label samples=200 noise=0.1 labels test-labels task weight-column test-split=0.2 test-data validation-split=0.1 "
            + "optimizer=adam lr=0.001 weight-decay lr-schedule=constant clip-norm clip-value batch-size=32 init=xavier seed=1 dtype=float64 scale=standard "
            + "patience=10 tolerance=0.0001 restore-best=false epoch-cost=running-mean class-weight dropout recorded table=false drop=0: categorical=0: "
            + "numeric=0: missing-values=5:,NA,NaN,?,null delimiter impute=median fill=0 impute-categorical=most-frequent max-categories "
            + "missing-indicator=false unknown-category=ignore network=2-4-2 activations=2:relu,softmax loss=ce l2=0.0001";
        Assert.Equal(pinned, Base.Fingerprint(Net));
        Assert.Equal(pinned, (Base with { Slots = 0, Kernels = "fast", Sampling = "shuffled", HistoryEvery = 1 }).Fingerprint(Net));
    }

    /// <summary>Two recorded options (<c>--from-card</c>) give the same fingerprint exactly when they are equal, lists by value.</summary>
    [Property(MaxTest = 60)]
    public Property Recorded_options_are_told_apart() =>
        Prop.ForAll(Options.Two().ToArbitrary(), pair =>
        {
            var (a, b) = pair;
            var arch = a.Architecture(2, 2, false).Match(x => x, e => throw new InvalidOperationException(e.ToString()));
            string fa = (Base with { Recorded = a }).Fingerprint(arch), fb = (Base with { Recorded = b }).Fingerprint(arch);
            return ((fa == fb) == a.Equals(b)).Label("equal exactly when the options are")
                .And(fa.Contains($"layers={string.Join("%2C", a.Layers)}%20", StringComparison.Ordinal).Label($"layers by value in: {fa}"));
        });

    private static Gen<MlpOptions> Options =>
        from layers in Gen.Choose(1, 9).ArrayOf().Where(a => a.Length is >= 1 and <= 3)
        from activation in Gen.Elements("relu", "tanh", "sigmoid")
        from dropout in Gen.Elements(0.0, 0.1, 0.25).ArrayOf(layers.Length)
        from weight in Gen.Elements(1.0, 2.0, 3.5)
        select MlpOptions.Default with
        {
            Layers = [.. layers], Activations = [.. layers.Select(_ => activation)], Dropout = [.. dropout],
            ClassWeights = System.Collections.Immutable.ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
                [new KeyValuePair<string, double>("a", weight)]),
        };
}
