using System.Collections.Immutable;
using FunctionalNet.Formats;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using static FunctionalNet.Tests.Formats.SafetensorsTests;

namespace FunctionalNet.Tests.Formats;

public class ModelCardTests
{
    internal static ModelCard Sample()
    {
        var arch = Architecture.Mlp([2, 5, 5, 2], Activation.Elu(2), Activation.Softmax, Loss.CrossEntropy, 0.01)
            .Match(a => a, e => throw new InvalidOperationException(e.Head.Message));
        return new ModelCard(ModelCard.CurrentFormat, ModelCard.ThisLibrary, ModelCard.Describe(arch), "float32", "model.safetensors", new string('0', 64),
            new PreprocessingCard(["x1", "x2"], ["red", "blue"], new ScalerCard("standard", [0.5, -1], [2, 0.25]), "label"),
            new TrainingCard("moons", "adam", 0.01, 300, 32, "xavier", 42, 0.25, 0.1, 20, 123, "patience"),
            ImmutableSortedDictionary<string, double>.Empty.Add("test_accuracy", 0.97).Add("train_cost", 0.0625));
    }

    [Fact]
    public void A_card_round_trips_through_json()
    {
        var card = Sample();
        string json = card.ToJson();
        var back = Right(ModelCard.Parse(json));
        Assert.Equal(json, back.ToJson());
        Assert.Equal("elu(2)", back.Architecture.Layers[0].Activation);
        Assert.Equal(0.97, back.Metrics["test_accuracy"]);
        Assert.Equal("2-5-5-2", Right(back.ToArchitecture()).Shape);
    }

    [Fact]
    public void Keys_are_snake_case_for_python_readers()
    {
        string json = Sample().ToJson();
        Assert.Contains("\"label_column\": \"label\"", json, StringComparison.Ordinal);
        Assert.Contains("\"learning_rate\": 0.01", json, StringComparison.Ordinal);
        Assert.Contains("\"format\": \"functionalnet.model/1\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"dtype\": \"float32\"", "\"dtype\": \"float16\"", "card.dtype", "dtype is 'float16'")]
    [InlineData("\"format\": \"functionalnet.model/1\"", "\"format\": \"other/2\"", "card.format", "expected 'functionalnet.model/1'")]
    [InlineData("\"activation\": \"elu(2)\"", "\"activation\": \"mish\"", "card.activation", "layers[0].activation 'mish'")]
    [InlineData("\"loss\": \"ce\"", "\"loss\": \"hinge\"", "card.loss", "'hinge' is not bce, ce or mse")]
    [InlineData("\"loss\": \"ce\"", "\"loss\": \"bce\"", "card.architecture", "does not pair")]
    [InlineData("\"inputs\": 2", "\"inputs\": 3", "card.features", "2 feature names for a network with 3 inputs")]
    [InlineData("\"red\",", "\"red\", \"green\",", "card.classes", "3 class names")]
    [InlineData("0.25\n", "0\n", "card.scaler", "scale[1] is 0")]
    [InlineData("\"inputs\": 2", "\"inputs\": \"two\"", "card.json", "$.architecture.inputs")]
    [InlineData("\"dtype\": \"float32\",", "", "card.json", "dtype")]
    [InlineData("\"dtype\": \"float32\",", "\"dtype\": \"float32\", \"colour\": 1,", "card.json", "colour")]
    public void A_bad_card_is_an_error_naming_the_field(string find, string replace, string code, string fragment)
    {
        string json = Sample().ToJson();
        Assert.Contains(find, json, StringComparison.Ordinal);
        var error = Left(ModelCard.Parse(ReplaceFirst(json, find, replace)));
        Assert.Equal(code, error.Code);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_json_at_all_is_an_error() =>
        Assert.Equal("card.json", Left(ModelCard.Parse("{ truncated")).Code);

    private static string ReplaceFirst(string text, string find, string replace)
    {
        int i = text.IndexOf(find, StringComparison.Ordinal);
        return text[..i] + replace + text[(i + find.Length)..];
    }
}
