using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Cli.Limits;
using FunctionalNet.Cli.Tests.Support;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;

namespace FunctionalNet.Cli.Tests.Hardening;

/// <summary>
/// Issue 16, item 10, and what the argument fuzzer found: arguments that used to end in an internal error (exit 70),
/// an overflow or a 24 GB allocation are one line and exit 2, refused before anything large is allocated.
/// </summary>
public class LimitTests
{
    [Theory]
    [InlineData("--test-split", "0.999", "--test-split 0.999 of 40 rows leaves 0 for training and 40 for testing")]
    [InlineData("--test-split", "0.001", "--test-split 0.001 of 40 rows leaves 39 for training and 1 for testing")]
    [InlineData("--validation-split", "0.999", "--validation-split 0.999 of 30 rows leaves 0 for training and 30 for validation")]
    public void A_split_that_leaves_a_part_empty_is_one_line(string option, string value, string fragment)
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess("train", "--samples", "40", "--epochs", "1", option, value, "--out", dir["m"]);
        if (fragment.Contains("leaves 39", StringComparison.Ordinal))
        {
            Assert.Equal(0, run.ExitCode); // one test row is a test part
            return;
        }
        Fnet.AssertOneLineError(run, fragment);
        Assert.Equal(2, run.ExitCode);
        Assert.False(Directory.Exists(dir["m"]));
    }

    [Theory]
    [InlineData(new[] { "train", "--layers", "100000,100000" }, "2-100000-100000-2 has 10000600002 parameters, more than one array can hold")]
    [InlineData(new[] { "train", "--noise", "1e308" }, "noise must be at most 1E+300 so the points stay finite, found 1E+308")]
    [InlineData(new[] { "gradcheck", "--inputs", "1000000000", "--samples", "2" }, "parameters, more than one array can hold")]
    [InlineData(new[] { "gradcheck", "--layers", "65536,65536,65536", "--outputs", "2147483647" }, "more than one array can hold")]
    [InlineData(new[] { "gradcheck", "--layers", "1000" }, "more than the 1E+009 allowed; use fewer --samples or a smaller network")]
    [InlineData(new[] { "gradcheck", "--tolerance", "-1" }, "--tolerance must be a number ≥ 0, found -1")]
    [InlineData(new[] { "gradcheck", "--tolerance", "NaN" }, "--tolerance must be a number ≥ 0, found NaN")]
    [InlineData(new[] { "datasets", "--samples", "2147483647" }, "generating 2147483647 samples of moons needs about")]
    [InlineData(new[] { "export", "--model", "MODEL", "--out", "" }, "output file '' is not a usable path")]
    [InlineData(new[] { "predict", "--model", "MODEL", "--data", "a\0b" }, "data file a\0b does not exist")]
    [InlineData(new[] { "train", "--label", " " }, "--label must name a column or give its 0-based index, found ' '")]
    [InlineData(new[] { "evaluate", "--model", "MODEL", "--data", "x.csv", "--label", "" }, "--label must name a column or give its 0-based index, found ''")]
    public void Arguments_that_used_to_be_internal_errors_are_one_line(string[] args, string fragment)
    {
        using var dir = new TempDirectory();
        string model = dir["model"];
        if (args.Contains("MODEL")) Assert.Equal(0, Fnet.InProcess("train", "--samples", "40", "--epochs", "2", "--out", model, "-q").ExitCode);
        string[] given = [.. args.Select(a => a == "MODEL" ? model : a)];
        var run = Fnet.InProcess(given[0] == "train" ? [.. given, "--epochs", "1", "--out", dir["t"]] : given);
        Fnet.AssertOneLineError(run, fragment);
        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public void A_network_that_cannot_fit_in_memory_is_refused_up_front_with_the_estimate()
    {
        // 46000 × 46000 weights are 2.1e9 parameters (just under an array's limit), about 118 GiB to train in float64:
        // refused on any machine with less memory, before a single parameter is allocated.
        using var dir = new TempDirectory();
        var run = Fnet.InProcess("train", "--layers", "46000,46000", "--epochs", "1", "--out", dir["m"]);
        Fnet.AssertOneLineError(run, "training 2-46000-46000-2 with gd in float64 on 400 rows needs about ");
        Assert.Contains("GiB of memory, but ", run.Error, StringComparison.Ordinal);
        Assert.Contains(" is available; ", run.Error, StringComparison.Ordinal);
        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public void The_issue_s_30000_by_30000_network_does_not_fit_in_24_GiB()
    {
        var arch = Architecture.Mlp([2, 30000, 30000, 2], Activation.Tanh, Activation.Softmax, Loss.CrossEntropy).Match(a => a, e => throw new InvalidOperationException(e.Head.Message));
        var estimate = MemoryEstimate.Training(arch, "gd", dtypeBytes: 8, batchRows: 300, rows: 400, features: 2);
        // 900,120,000 parameters × 8 bytes × 7 parameter-sized vectors ≥ 50 GB.
        Assert.True(estimate.Bytes >= 7.0 * 8 * arch.Layout.Count, $"{estimate.Bytes}");
        var refused = estimate.Fits(24L << 30);
        Assert.True(refused.IsLeft);
        refused.IfLeft(e => Assert.Equal("training 2-30000-30000-2 with gd in float64 on 400 rows needs about 47.8 GiB of memory, but 24.0 GiB is available; use smaller --layers, less data, a --batch-size or --dtype float32", e.Error.Message));
        Assert.True(estimate.Fits(1L << 40).IsRight);
    }

    [Property(MaxTest = 300)]
    public Property Estimates_grow_with_every_size_and_never_overflow() =>
        Prop.ForAll(
            (from widths in Gen.Choose(1, 50_000).ArrayOf().Where(w => w.Length <= 3)
             from rows in Gen.Choose(2, int.MaxValue)
             select (widths, rows)).ToArbitrary(),
            c =>
            {
                var built = Architecture.Mlp([2, .. c.widths, 2], Activation.Tanh, Activation.Softmax, Loss.CrossEntropy);
                if (built.IsFail) return; // more parameters than an array holds: refused before any estimate
                var arch = built.Match(a => a, _ => throw new InvalidOperationException());
                var small = MemoryEstimate.Training(arch, "gd", 8, 1, c.rows, 2).Bytes;
                var large = MemoryEstimate.Training(arch, "adam", 8, c.rows, c.rows, 2).Bytes;
                Assert.True(double.IsFinite(small) && small > 0 && large > small, $"{small} {large}");
                Assert.True(small >= 8.0 * arch.Layout.Count * 7);
            });

    [Theory]
    [InlineData(1, 5.0, "5 s/epoch")]
    [InlineData(3, 10.0, "3.33 s/epoch")]
    [InlineData(5, 1.0, "5.0 epochs/s")]
    [InlineData(100, 1.0, "100 epochs/s")]
    public void Progress_shows_seconds_per_epoch_when_slow(int epochs, double seconds, string expected) =>
        Assert.Equal(expected, ProgressDisplay.Speed(epochs, TimeSpan.FromSeconds(seconds)));

    [Property(MaxTest = 500)]
    public Property Progress_never_shows_a_speed_of_zero() =>
        Prop.ForAll(Gen.Choose(1, 1_000_000).ToArbitrary(), Gen.Choose(1, int.MaxValue).ToArbitrary(), (epochs, milliseconds) =>
        {
            string speed = ProgressDisplay.Speed(epochs, TimeSpan.FromMilliseconds(milliseconds));
            Assert.False(speed.StartsWith("0 ", StringComparison.Ordinal) || speed.StartsWith("0.0 ", StringComparison.Ordinal), speed);
            Assert.True(double.Parse(speed.Split(' ')[0], CultureInfo.InvariantCulture) > 0, speed);
        });
}
