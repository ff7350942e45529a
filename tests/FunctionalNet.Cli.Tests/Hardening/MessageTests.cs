using System.Globalization;
using System.Text;
using FunctionalNet.Cli.Storage;
using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests.Hardening;

/// <summary>
/// Issue 16, item 11: each failure says what happened. Overflowing features and an overflowing λ used to end as
/// "diverged… try a smaller --lr"; card errors named .NET members; a checksum mismatch blamed an edit.
/// </summary>
public class MessageTests
{
    private static string Table(TempDirectory dir, string name, Func<int, string> feature)
    {
        var text = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 40; i++) text.Append(CultureInfo.InvariantCulture, $"{feature(i)},{i % 7},{i % 2}\n");
        return dir.Write(name, text.ToString());
    }

    [Fact]
    public void An_overflowing_lambda_is_named_not_the_learning_rate()
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess("train", "--samples", "40", "--epochs", "5", "--lambda", "1e308", "--out", dir["m"]);
        Fnet.AssertOneLineError(run, "training diverged at epoch 1: λ = 1E+308 is so large that the L2 penalty λ/(2m)·Σw² overflows; use a much smaller --lambda; no model was saved");
        Assert.DoesNotContain("--lr", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir["m"]));
    }

    [Fact]
    public void A_lambda_whose_weight_decay_overshoots_is_named_with_the_rate_it_needs()
    {
        using var dir = new TempDirectory();
        // gd at 0.5 on 30 training rows: the L2 step alone scales the weights by 1 − 0.5·λ/30, unstable past λ = 120.
        var run = Fnet.InProcess("train", "--samples", "40", "--epochs", "200", "--lambda", "1e6", "--out", dir["m"]);
        Fnet.AssertOneLineError(run, "λ = 1000000 with --lr 0.5 on 30 rows makes each step scale the weights by 1 − lr·λ/m = -1.67E+04, which grows without bound; use a --lambda below 120");
        Assert.Equal(1, run.ExitCode);
    }

    [Fact]
    public void A_min_max_range_past_double_is_named_before_training()
    {
        using var dir = new TempDirectory();
        string data = Table(dir, "wide.csv", i => (i % 3 - 1).ToString(CultureInfo.InvariantCulture) + "e308");
        var run = Fnet.InProcess("train", "--data", data, "--scale", "minmax", "--epochs", "5", "--out", dir["m"]);
        Fnet.AssertOneLineError(run, "feature 'a' of the training part is not finite after --scale minmax: its range is wider than double can hold; use --scale standard");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(0, Fnet.InProcess("train", "--data", data, "--scale", "standard", "--epochs", "5", "--out", dir["m"], "-q").ExitCode);
    }

    [Fact]
    public void Features_past_float32_are_named_before_training()
    {
        using var dir = new TempDirectory();
        string data = Table(dir, "big.csv", i => (i + 1).ToString(CultureInfo.InvariantCulture) + "e300");
        var run = Fnet.InProcess("train", "--data", data, "--scale", "none", "--dtype", "float32", "--epochs", "5", "--out", dir["m"]);
        // float32 training reads features as float, so the loader names the first value past float's range.
        Fnet.AssertOneLineError(run, "fnet: " + data);
        Assert.Contains("1e300\" is beyond float32's largest value 3.4E+38, the precision the file is read in; train with --dtype float64", run.Error, StringComparison.Ordinal);
        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public void A_card_with_an_unknown_field_says_so_without_dotnet_names()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess("train", "--samples", "40", "--epochs", "2", "--out", dir["m"], "-q").ExitCode);
        string card = Path.Combine(dir["m"], ModelStore.CardFile);
        File.WriteAllText(card, File.ReadAllText(card).Replace("\"dtype\":", "\"colour\": 1, \"dtype\":", StringComparison.Ordinal));
        var run = Fnet.InProcess("export", "--model", dir["m"], "--out", dir["m.onnx"]);
        Fnet.AssertOneLineError(run, $"{card}: model card: unknown field 'colour' (at $.colour, line ");
        Assert.DoesNotContain(".NET", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("member", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_checksum_mismatch_says_the_weights_changed_since_the_card_was_written()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess("train", "--samples", "40", "--epochs", "2", "--out", dir["m"], "-q").ExitCode);
        string weights = Path.Combine(dir["m"], ModelStore.WeightsFile);
        var bytes = File.ReadAllBytes(weights);
        bytes[^1] ^= 1;
        File.WriteAllBytes(weights, bytes);
        var run = Fnet.InProcess("export", "--model", dir["m"], "--out", dir["m.onnx"]);
        Fnet.AssertOneLineError(run, $"{weights}: the weights file does not match the SHA-256 in model.json: the weights changed since the card was written (another save into this directory may have been under way");
        Assert.DoesNotContain("edited", run.Error, StringComparison.Ordinal);
    }
}
