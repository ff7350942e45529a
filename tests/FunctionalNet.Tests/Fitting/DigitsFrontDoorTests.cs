using FunctionalNet;
using FunctionalNet.IO;

// Outside namespace FunctionalNet on purpose: the two usings above must be all a user needs.
namespace FrontDoor.Tests;

/// <summary>The front door end to end: fit the bundled digits with the defaults, score, save, reload, predict.</summary>
public sealed class DigitsFrontDoorTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("fnet-frontdoor-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Digits_with_the_defaults_score_at_least_097_and_survive_a_save_and_reload()
    {
        var train = Dataset.FromLabelled(BundledDigits.Train);
        var test = Dataset.FromLabelled(BundledDigits.Test);
        var classifier = Classifier.Fit(train).Match(c => c, e => throw new InvalidOperationException(e.Head.Message));
        Assert.True(classifier.Score(test) >= 0.97, $"test accuracy {classifier.Score(test)}");
        string dir = Path.Combine(root, "digits");
        Assert.True(ModelFiles.Save(dir, classifier).IsRight);
        var back = ModelFiles.LoadClassifier(dir).Match(c => c, e => throw new InvalidOperationException(e.Message));
        var (before, after) = (classifier.Predict(test.Features), back.Predict(test.Features));
        Assert.Equal(before.Length, after.Length);
        Assert.Equal(0, before.Zip(after, (x, y) => x == y).Count(same => !same));
        Assert.Equal(classifier.Summary.Training!.Options, back.Summary.Training!.Options);
    }
}
