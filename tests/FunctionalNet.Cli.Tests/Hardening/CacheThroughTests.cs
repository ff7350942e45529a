using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests.Hardening;

/// <summary>
/// <c>fnet cache --out</c> stages and commits as every other path option does: a FIFO, a device, or a link to one
/// (as <c>/dev/stdout</c> is) is written through with the same bytes a regular file gets, and stays what it was.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class CacheThroughTests
{
    [Fact]
    public async Task A_cache_written_to_a_link_to_a_fifo_reaches_its_reader_whole_and_the_link_stays()
    {
        using var dir = new TempDirectory();
        string csv = dir.Write("tiny.csv", TinyCsv.Rows(40));
        var plain = Fnet.InProcess("cache", "--data", csv, "--out", dir["plain.fnetc"]);
        Assert.True(plain.ExitCode == 0, plain.Error);
        string fifo = SpecialFiles.Fifo(dir["pipe"]);
        File.CreateSymbolicLink(dir["stdout.fnetc"], fifo);
        var reader = Task.Factory.StartNew(() =>
        {
            using var stream = new FileStream(fifo, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var sink = new MemoryStream();
            stream.CopyTo(sink);
            return sink.ToArray();
        }, TaskCreationOptions.LongRunning);
        var through = Fnet.InProcess("cache", "--data", csv, "--out", dir["stdout.fnetc"]);
        if (through.ExitCode != 0) using (new FileStream(fifo, FileMode.Open, FileAccess.Write, FileShare.ReadWrite)) { }
        Assert.True(through.ExitCode == 0, through.Error);
        Assert.Equal(File.ReadAllBytes(dir["plain.fnetc"]), await reader.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal($"link to {fifo} (Fifo)", SpecialFiles.Shape(dir["stdout.fnetc"]));
        Assert.Empty(Directory.GetFiles(dir.Path, "*" + FunctionalNet.IO.AtomicWrite.TempSuffix));
    }

    [Fact]
    public void A_cache_written_to_a_device_is_written_through_and_the_device_stays()
    {
        using var dir = new TempDirectory();
        string csv = dir.Write("tiny.csv", TinyCsv.Rows(40));
        string device = SpecialFiles.Device(dir["null.fnetc"]);
        var run = Fnet.InProcess("cache", "--data", csv, "--out", device);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("CharacterDevice", SpecialFiles.Shape(device));
    }
}
