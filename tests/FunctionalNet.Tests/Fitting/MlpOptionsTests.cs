using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Formats;

namespace FunctionalNet.Tests.Fitting;

/// <summary>The one specification: validation that lists every problem, and a round trip through the model card.</summary>
public class MlpOptionsTests
{
    [Property(MaxTest = 200)]
    public Property Options_drawn_from_the_catalog_validate() =>
        Prop.ForAll(RandomOptions.Valid(), o => o.Validate().Match(_ => true, errors => throw new InvalidOperationException(string.Join("; ", errors.Select(e => e.Message)))));

    [Property(MaxTest = 200)]
    public Property Options_round_trip_through_the_model_card_json() =>
        Prop.ForAll(RandomOptions.Valid(), o =>
        {
            var card = Card(TrainingCard.Of(o, "moons", 3, "done"));
            var back = ModelCard.Parse(card.ToJson()).OrThrow().TrainingOptions();
            return back is not null && back.Equals(o) && back.ToString() == o.ToString();
        });

    // Any valid options fit small data to a model or to error values, never to an exception (class weights without a
    // validation part once threw LanguageExt's "Value is null"). Few epochs: what is checked is the plumbing.
    [Property(MaxTest = 40)]
    public Property Options_drawn_from_the_catalog_fit_or_say_why() =>
        Prop.ForAll(RandomOptions.Valid(), o =>
        {
            var rows = Enumerable.Range(0, 12).Select(i => new[] { i % 3 - 1.0, i % 4 * 0.5 }).ToArray();
            var data = new Dataset(Matrix<double>.FromRows(rows), new ClassTargets([.. rows.Select((_, i) => i % 2)], ["a", "b"]));
            var fitted = Classifier.Fit(data, o with { Epochs = Math.Min(o.Epochs, 3) });
            return fitted.Match(m => m.Classes.SequenceEqual(["a", "b"]), errors => errors.All(e => e.Message.Length > 0));
        });

    [Fact]
    public void Validation_lists_every_problem_at_once()
    {
        var bad = new MlpOptions
        {
            Layers = [10, 0], Activations = ["relu", "softmax", "tanh"], L2 = -1, Optimizer = new ComponentSpec("adam").With("lr", -1).With("gamma", 2),
            Schedule = "zigzag", Epochs = 0, Patience = -1, ValidationFraction = 1, EpochCost = "median", Dtype = "float16", Init = "zeros", Scaler = "robust",
            Dropout = [1.5],
        };
        var codes = bad.Validate().Match(_ => [], errors => errors.Select(e => e.Code).ToArray());
        string[] expected = ["options.layers", "options.activations", "options.activation", "options.l2", "options.optimizer.lr", "options.optimizer.parameter",
            "options.schedule", "options.epochs", "options.patience", "options.validation-fraction", "options.epoch-cost", "options.dtype", "options.init",
            "options.dropout", "options.scaler"];
        Assert.All(expected, code => Assert.Contains(code, codes));
    }

    // Validate read only the names: leaky-relu(2), huber(-1) and elu(0) passed it, and the catalog said α > 0 for leaky ReLU, which takes [0, 1).
    [Fact]
    public void A_number_in_parentheses_is_checked_against_its_catalog_entry()
    {
        var bad = new MlpOptions { Layers = [4, 4], Activations = ["leaky-relu(2)", "elu(0)"], Output = "elu(-1)", Loss = "huber(-1)" };
        var codes = bad.Validate().Match(_ => [], errors => errors.Select(e => e.Code).ToArray());
        Assert.Equal(["options.activation.alpha", "options.activation.alpha", "options.loss.delta", "options.output.alpha"], codes.Order(StringComparer.Ordinal));
        Assert.True((bad with { Activations = ["leaky-relu(0)", "elu(0.5)"], Output = null, Loss = "huber(0.5)" }).Validate().IsSuccess);
    }

    [Fact]
    public void A_line_search_minimizer_refuses_schedules_clipping_and_dropout()
    {
        var o = new MlpOptions { Optimizer = "lbfgs", Schedule = "cosine", ClipNorm = 1, Dropout = [0.1] };
        var codes = o.Validate().Match(_ => [], errors => errors.Select(e => e.Code).ToArray());
        Assert.Contains("options.schedule", codes);
        Assert.Contains("options.clip", codes);
        Assert.Contains("options.dropout", codes);
    }

    [Fact]
    public void The_defaults_are_scikit_learns_mlp_classifier()
    {
        var d = MlpOptions.Default;
        Assert.True(d.Validate().IsSuccess);
        Assert.Equal([100], d.Layers.ToArray());
        Assert.Equal(["relu"], d.Activations.ToArray());
        Assert.Equal("adam", d.Optimizer.Name);
        Assert.Equal(0.001, d.LearningRate);
        Assert.Equal(200, d.BatchFor(10_000));
        Assert.Equal(0, d.BatchFor(150)); // min(200, n) = n: the whole set
        Assert.Equal((200, 10, 1e-4, 1e-4), (d.Epochs, d.Patience, d.Tolerance, d.L2));
    }

    [Fact]
    public void An_old_card_without_options_reads_as_the_options_its_fields_state()
    {
        var old = Card(new TrainingCard("moons", "sgd", 0.3, 50, 0, "he", 7, 0.25, 0.1, 4, 50, "done"));
        var o = ModelCard.Parse(old.ToJson()).OrThrow().TrainingOptions()!;
        Assert.Equal([3], o.Layers.ToArray());
        Assert.Equal(["tanh"], o.Activations.ToArray());
        Assert.Equal(("sgd", 0.3, true, 50, "he", 7UL, 0.1, 4), (o.Optimizer.Name, o.LearningRate!.Value, o.WithReplacement, o.Epochs, o.Init, o.Seed, o.ValidationFraction, o.Patience));
        Assert.True(o.Validate().IsSuccess);
    }

    private static ModelCard Card(TrainingCard training) =>
        new(ModelCard.CurrentFormat, ModelCard.ThisLibrary,
            new ArchitectureCard(2, [new LayerCard(3, "tanh"), new LayerCard(2, "softmax")], "ce", 0), "float64", "model.safetensors", new string('0', 64),
            new PreprocessingCard(["a", "b"], ["x", "y"], null, null), training, ImmutableSortedDictionary<string, double>.Empty, ModelCard.Classification);
}
