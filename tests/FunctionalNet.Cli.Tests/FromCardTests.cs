using System.Text.Json.Nodes;
using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

/// <summary><c>fnet train --from-card</c>: a model card alone says how to train its model again, byte for byte.</summary>
public class FromCardTests
{
    public static TheoryData<string> Optimizers => [.. FunctionalNet.Catalog.Optimizers.Select(o => o.Name)];

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Training_again_from_the_card_on_the_same_data_gives_the_same_weights(string optimizer)
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess("train", "--samples", "80", "--noise", "0.2", "--optimizer", optimizer, "--batch-size", "16", "--epochs", "4",
            "--validation-split", "0.2", "--seed", "9", "--out", dir["first"], "-q").ExitCode);
        // Other options on the command line do not count: the card's do.
        var again = Fnet.InProcess("train", "--samples", "80", "--noise", "0.2", "--from-card", dir["first/model.json"], "--optimizer", "adam", "--epochs", "50",
            "--out", dir["again"], "-q");
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(Sha(dir["first"]), Sha(dir["again"]));
        Assert.Equal(File.ReadAllBytes(dir["first/model.safetensors"]), File.ReadAllBytes(dir["again/model.safetensors"]));
    }

    [Fact]
    public void Adamw_with_a_warmup_cosine_schedule_clipping_and_an_activation_per_layer_is_recorded_and_reproduced()
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess("train", "--samples", "120", "--optimizer", "adamw", "--weight-decay", "0.02", "--lr-schedule", "warmup-cosine(warmup=3)",
            "--clip-norm", "1", "--activation", "gelu,tanh", "--layers", "32,16", "--batch-size", "32", "--epochs", "12", "--out", dir["m"], "-q");
        Assert.Equal(0, run.ExitCode);
        var options = JsonNode.Parse(File.ReadAllText(dir["m/model.json"]))!["training"]!["options"]!;
        Assert.Equal("adamw", (string)options["optimizer"]!["name"]!);
        Assert.Equal(0.02, (double)options["optimizer"]!["parameters"]!["weight-decay"]!);
        Assert.Equal("warmup-cosine", (string)options["schedule"]!["name"]!);
        Assert.Equal(3, (double)options["schedule"]!["parameters"]!["warmup"]!);
        Assert.Equal(1, (double)options["clip_norm"]!);
        Assert.Equal(["gelu", "tanh"], options["activations"]!.AsArray().Select(a => (string)a!).ToArray());
        Assert.Equal([32, 16], options["layers"]!.AsArray().Select(a => (int)a!).ToArray());
        Assert.Equal(0, Fnet.InProcess("train", "--samples", "120", "--from-card", dir["m/model.json"], "--out", dir["again"], "-q").ExitCode);
        Assert.Equal(Sha(dir["m"]), Sha(dir["again"]));
    }

    [Fact]
    public void A_bad_schedule_or_clip_is_one_line_naming_the_option()
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess("train", "--lr-schedule", "zigzag", "--out", dir["m"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--lr-schedule 'zigzag' is not one of constant, step, exponential", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        run = Fnet.InProcess("train", "--optimizer", "lbfgs", "--clip-norm", "1", "--out", dir["m"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("clipping is for first-order optimizers", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    private static string Sha(string model) => (string)JsonNode.Parse(File.ReadAllText(Path.Combine(model, "model.json")))!["weights_sha256"]!;
}
