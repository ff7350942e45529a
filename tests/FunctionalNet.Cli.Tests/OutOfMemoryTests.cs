using System.Globalization;
using System.Text;
using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// A run that outgrows the heap it is given (<c>DOTNET_GCHeapHardLimit</c>) at its end — a cache's test part scored
/// whole — ends with one line and exit 1, not the runtime's "Out of memory." and an abort (signal 6), and saves no model.
/// </summary>
public class OutOfMemoryTests
{
    [Fact]
    public void Training_that_runs_out_of_its_heap_at_the_end_is_one_line_and_exit_1()
    {
        using var dir = new TempDirectory();
        // 60,000 rows of 200 classes, 90 % of them the test part: its scores alone are 54,000 × 200 doubles (86 MB), past a
        // 64 MB heap, while training (6,000 rows, one epoch) fits in it.
        const int Rows = 60_000, Classes = 200;
        var csv = new StringBuilder("a,b,y\n");
        for (int i = 0; i < Rows; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{i % 97 * 0.01:0.00},{i % 89 * 0.02:0.00},c{i % Classes}\n");
        dir.Write("many.csv", csv.ToString());
        var cached = Fnet.InProcess("cache", "--data", dir["many.csv"], "--label", "y", "--out", dir["many.fnetc"]);
        Assert.True(cached.ExitCode == 0, cached.Error);
        var run = Fnet.UnderHeapLimit(dir.Path, 64 << 20, "train", "--data", dir["many.fnetc"], "--optimizer", "adam", "--batch-size", "256",
            "--epochs", "1", "--layers", "8", "--test-split", "0.9", "--out", dir["model"], "-q");
        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("fnet: out of memory: the run needed more than the 64.0 MiB this process may use", line, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir["model"], "model.json")));
    }
}
