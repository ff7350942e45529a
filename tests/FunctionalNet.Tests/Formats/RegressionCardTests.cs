using System.Collections.Immutable;
using FunctionalNet.Formats;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using static FunctionalNet.Tests.Formats.SafetensorsTests;

namespace FunctionalNet.Tests.Formats;

/// <summary>The card's task, target names and target scaler: a regressor says what it is and how to unscale its outputs.</summary>
public class RegressionCardTests
{
    private static ModelCard Regressor(ImmutableArray<string> targets, ScalerCard? targetScaler)
    {
        var arch = Architecture.Mlp([3, 4, 2], Activation.Tanh, Activation.Identity, Loss.SquaredError, 0)
            .Match(a => a, e => throw new InvalidOperationException(e.Head.Message));
        return new ModelCard(ModelCard.CurrentFormat, ModelCard.ThisLibrary, ModelCard.Describe(arch), "float64", "model.safetensors", new string('0', 64),
            new PreprocessingCard(["a", "b", "c"], [], null, "price,rent", targets, targetScaler), null,
            ImmutableSortedDictionary<string, double>.Empty.Add("test_r2", 0.9), ModelCard.Regression);
    }

    [Fact]
    public void A_regressor_card_round_trips_with_its_task_targets_and_target_scaler()
    {
        var card = Regressor(["price", "rent"], new ScalerCard("standard", [10, -2], [3, 0.5]));
        string json = card.ToJson();
        Assert.Contains("\"task\": \"regression\"", json, StringComparison.Ordinal);
        Assert.Contains("\"targets\": [", json, StringComparison.Ordinal);
        var back = Right(ModelCard.Parse(json));
        Assert.Equal(json, back.ToJson());
        Assert.True(back.IsRegression);
        Assert.Equal(["price", "rent"], back.Preprocessing.Targets.ToArray());
        Assert.Equal([3, 0.5], back.Preprocessing.TargetScaler!.Scale.ToArray());
    }

    [Fact]
    public void A_card_without_a_task_is_a_classifier_with_no_targets()
    {
        // Cards written before the task existed have no "task" key; they are classifiers.
        string json = ModelCardTests.Sample().ToJson();
        Assert.Contains("\"targets\": []", json, StringComparison.Ordinal);
        string old = System.Text.RegularExpressions.Regex.Replace(json, ",\n  \"task\": [^,\n]*", "");
        Assert.DoesNotContain("\"task\"", old, StringComparison.Ordinal);
        var back = Right(ModelCard.Parse(old));
        Assert.Equal(ModelCard.Classification, back.TaskOrDefault);
        Assert.False(back.IsRegression);
    }

    [Theory]
    [InlineData("one name for two outputs", "card.targets")]
    [InlineData("no names", "card.targets")]
    [InlineData("a target scaler of one column", "card.target-scaler")]
    [InlineData("a zero target scale", "card.target-scaler")]
    [InlineData("an unknown task", "card.task")]
    [InlineData("target names on a classifier", "card.targets")]
    public void Inconsistent_regression_fields_are_refused(string flaw, string code)
    {
        var good = Regressor(["price", "rent"], new ScalerCard("standard", [10, -2], [3, 0.5]));
        var card = flaw switch
        {
            "one name for two outputs" => good with { Preprocessing = good.Preprocessing with { Targets = ["price"] } },
            "no names" => good with { Preprocessing = good.Preprocessing with { Targets = [] } },
            "a target scaler of one column" => good with { Preprocessing = good.Preprocessing with { TargetScaler = new ScalerCard("standard", [1], [1]) } },
            "a zero target scale" => good with { Preprocessing = good.Preprocessing with { TargetScaler = new ScalerCard("standard", [1, 1], [1, 0]) } },
            "an unknown task" => good with { Task = "ranking" },
            _ => good with { Task = ModelCard.Classification },
        };
        Assert.Equal(code, Left(ModelCard.Parse(card.ToJson())).Code);
    }
}
