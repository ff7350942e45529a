using FunctionalNet.Cli.Tests.Support;
using FunctionalNet.Data;
using FunctionalNet.IO;

namespace FunctionalNet.Cli.Tests;

/// <summary><c>fnet train --init-from</c>: a warm start on other data with the same features trains on that data.</summary>
public class InitFromTests
{
    [Fact]
    public void A_warm_start_on_new_data_ends_with_a_lower_cost_there_than_the_old_weights()
    {
        using var dir = new TempDirectory();
        string[] common = ["--samples", "200", "--layers", "16", "--optimizer", "adam", "--lr", "0.02", "--batch-size", "32", "--patience", "10", "-q"];
        Assert.Equal(0, Fnet.InProcess(["train", "--data", "moons", "--epochs", "100", "--out", dir["old"], .. common]).ExitCode);
        var run = Fnet.InProcess(["train", "--data", "circles", "--epochs", "60", "--init-from", dir["old"], "--out", dir["new"], .. common]);
        Assert.Equal(0, run.ExitCode);
        // The CLI's circles: fork 0 of seed 42's key, noise 0.2 (its defaults).
        var circles = Generators.ByName("circles", Rng.Create(42).Fork(0), 200, 0.2).Match(d => d, e => throw new InvalidOperationException(e.Head.Message));
        double Cost(string model)
        {
            var c = ModelFiles.LoadClassifier(model).Match(x => x, e => throw new InvalidOperationException(e.Message));
            return ClassificationMetrics.LogLoss(circles.Labels, c.PredictProba(circles.Features));
        }
        double before = Cost(dir["old"]), after = Cost(dir["new"]);
        Assert.True(after < 0.8 * before, $"log-loss on circles: {before} with the old weights, {after} after --init-from");
        var same = ModelFiles.Load(dir["new"]).Match(m => m, e => throw new InvalidOperationException(e.Message));
        var old = ModelFiles.Load(dir["old"]).Match(m => m, e => throw new InvalidOperationException(e.Message));
        Assert.Equal(old.Card.Preprocessing.Scaler!.Offset.ToArray(), same.Card.Preprocessing.Scaler!.Offset.ToArray());
        Assert.Equal(old.Card.Preprocessing.Scaler!.Scale.ToArray(), same.Card.Preprocessing.Scaler!.Scale.ToArray());
    }

    [Fact]
    public void A_class_the_model_does_not_know_is_one_line()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess("train", "--data", "moons", "--samples", "60", "--epochs", "3", "--out", dir["old"], "-q").ExitCode);
        var run = Fnet.InProcess("train", "--data", "blobs", "--samples", "60", "--epochs", "3", "--init-from", dir["old"], "--out", dir["new"], "-q");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--init-from: the data has class '2', which the model does not know", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }
}
