using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

/// <summary><c>fnet datasets --export</c>: which rows it writes, and --part for a data set with its own test part.</summary>
public class DatasetsCommandTests
{
    private static string[] Lines(Run run)
    {
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("", run.Error);
        return run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public void Digits_export_their_training_rows_by_default_and_the_test_rows_or_both_on_request()
    {
        string[] byDefault = Lines(Fnet.InProcess("datasets", "--export", "digits"));
        string[] train = Lines(Fnet.InProcess("datasets", "--export", "digits", "--part", "train"));
        string[] test = Lines(Fnet.InProcess("datasets", "--export", "digits", "--part", "test"));
        string[] all = Lines(Fnet.InProcess("datasets", "--export", "digits", "--part", "all"));
        Assert.Equal(byDefault, train);
        Assert.Equal(1 + 1347, train.Length);
        Assert.Equal(1 + 450, test.Length);
        Assert.Equal(train[0], test[0]);
        Assert.StartsWith("x0,x1,", train[0], StringComparison.Ordinal);
        Assert.EndsWith(",label", train[0], StringComparison.Ordinal);
        // all = one header, the training rows, then the test rows.
        Assert.Equal([.. train, .. test[1..]], all);
        Assert.NotEqual(train[1], test[1]);
        Assert.Equal(10, test[1..].Select(l => l[(l.LastIndexOf(',') + 1)..]).Distinct().Count());
    }

    [Fact]
    public void The_test_part_goes_to_a_file_with_out()
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess("datasets", "--export", "digits", "--part", "TEST", "--out", dir["t.csv"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Lines(Fnet.InProcess("datasets", "--export", "digits", "--part", "test")), File.ReadAllText(dir["t.csv"]).Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData(new[] { "--export", "moons", "--part", "test" }, "--part is for a data set with its own test part (digits); 'moons' has none")]
    [InlineData(new[] { "--export", "moons", "--part", "train" }, "'moons' has none")]
    [InlineData(new[] { "--export", "xor", "--part", "all" }, "'xor' has none")]
    [InlineData(new[] { "--export", "digits", "--part", "validation" }, "--part 'validation' is not one of train, test, all")]
    [InlineData(new[] { "--part", "test" }, "--part goes with --export")]
    public void A_part_that_does_not_apply_is_a_one_line_error(string[] args, string fragment)
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess(["datasets", .. args, "--out", dir["x.csv"]]);
        Fnet.AssertOneLineError(run, fragment);
        Assert.Equal(2, run.ExitCode);
        Assert.False(File.Exists(dir["x.csv"]));
    }
}
