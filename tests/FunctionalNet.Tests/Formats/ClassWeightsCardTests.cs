using System.Collections.Immutable;
using FunctionalNet.Formats;

namespace FunctionalNet.Tests.Formats;

/// <summary>The model card's optional <c>training.class_weights</c>: written when used, absent otherwise, read either way.</summary>
public class ClassWeightsCardTests
{
    [Fact]
    public void Class_weights_round_trip_by_class_name()
    {
        var card = ModelCardTests.Sample();
        var weighted = card with { Training = card.Training! with { ClassWeights = ImmutableSortedDictionary.CreateRange<string, double>(StringComparer.Ordinal, [new("blue", 11.625), new("red", 0.5224719101123596)]) } };
        string json = weighted.ToJson();
        Assert.Contains("\"class_weights\": {", json, StringComparison.Ordinal);
        var back = ModelCard.Parse(json).Match(c => c, e => throw new InvalidOperationException(e.Message));
        Assert.Equal(11.625, back.Training!.ClassWeights!["blue"]);
        Assert.Equal(0.5224719101123596, back.Training.ClassWeights["red"]);
        Assert.Equal(json, back.ToJson());
    }

    [Fact]
    public void A_card_without_class_weights_reads_as_before_and_writes_no_such_key()
    {
        // Cards written before class weights existed have no key; training without them writes none.
        string json = ModelCardTests.Sample().ToJson();
        Assert.DoesNotContain("class_weights", json, StringComparison.Ordinal);
        var back = ModelCard.Parse(json).Match(c => c, e => throw new InvalidOperationException(e.Message));
        Assert.Null(back.Training!.ClassWeights);
    }
}
