using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Cli.Limits;
using FunctionalNet.Cli.Storage;
using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests.Hardening;

/// <summary>
/// Issue 16, item 8: every read is capped by the bytes actually read, so a file linked to /dev/zero (length 0) or an
/// endless stdin is refused in one line naming the file and the cap, never read until memory runs out.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class BoundedReadTests
{
    private static string Model(TempDirectory dir)
    {
        string model = dir["m"];
        Assert.Equal(0, Fnet.InProcess("train", "--samples", "40", "--epochs", "2", "--out", model, "-q").ExitCode);
        return model;
    }

    [Fact]
    public void Weights_linked_to_dev_zero_are_refused_at_the_size_the_card_implies()
    {
        using var dir = new TempDirectory();
        string model = Model(dir);
        File.Delete(Path.Combine(model, ModelStore.WeightsFile));
        File.CreateSymbolicLink(Path.Combine(model, ModelStore.WeightsFile), "/dev/zero");
        var run = Fnet.InProcess("predict", "--model", model, "--data", dir.Write("x.csv", "x0,x1\n0,1\n"));
        Fnet.AssertOneLineError(run, $"model weights {Path.Combine(model, ModelStore.WeightsFile)} is larger than the 1,000,");
        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public void A_card_linked_to_dev_zero_is_refused_at_the_card_cap()
    {
        using var dir = new TempDirectory();
        string model = Model(dir);
        File.Delete(Path.Combine(model, ModelStore.CardFile));
        File.CreateSymbolicLink(Path.Combine(model, ModelStore.CardFile), "/dev/zero");
        var run = Fnet.InProcess("export", "--model", model, "--out", dir["m.onnx"]);
        Fnet.AssertOneLineError(run, $"model card {Path.Combine(model, ModelStore.CardFile)} is larger than the {InputCaps.CardBytes:N0}-byte cap");
        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public void A_data_file_linked_to_dev_zero_is_refused_at_the_line_cap_and_leaves_the_model()
    {
        using var dir = new TempDirectory();
        string model = Model(dir);
        byte[] before = File.ReadAllBytes(Path.Combine(model, ModelStore.WeightsFile));
        File.CreateSymbolicLink(dir["zero.csv"], "/dev/zero");
        var run = Fnet.InProcess("train", "--data", dir["zero.csv"], "--out", model);
        Fnet.AssertOneLineError(run, $"data file {dir["zero.csv"]} has a line longer than the {InputCaps.CsvLineBytes:N0}-byte cap");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(model, ModelStore.WeightsFile)));
    }

    [Fact]
    public async Task An_endless_stdin_is_refused_at_the_line_cap_by_the_real_process()
    {
        using var dir = new TempDirectory();
        using var process = Fnet.StartWithStdin(dir.Path, "train", "--data", "/dev/stdin", "--out", "m");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // `head -c 1100M /dev/zero | fnet train --data /dev/stdin`, without the bound: zeros until fnet stops reading.
        var zeros = new byte[1 << 20];
        long written = 0;
        try
        {
            while (written < 2L << 30)
            {
                process.StandardInput.BaseStream.Write(zeros);
                written += zeros.Length;
            }
        }
        catch (IOException)
        {
            // The reader closed the pipe: it refused the input, as it should.
        }
        Assert.True(process.WaitForExit(120_000), "fnet did not stop reading an endless stdin");
        var run = new Run(process.ExitCode, await stdout, await stderr);
        Fnet.AssertOneLineError(run, $"data file /dev/stdin has a line longer than the {InputCaps.CsvLineBytes:N0}-byte cap");
        Assert.Equal(2, run.ExitCode);
        Assert.True(written < 2L << 30, "the whole 2 GiB was accepted");
        Assert.False(Directory.Exists(dir["m"]));
    }

    /// <summary>Reading through the bound gives every byte, or fails exactly when the bytes or a line pass their caps.</summary>
    [Property(MaxTest = 500)]
    public Property A_bounded_read_returns_everything_or_fails_exactly_at_a_cap() =>
        Prop.ForAll(
            (from bytes in Gen.Elements<byte>(0, (byte)'a', (byte)'\n', (byte)'\r', 0xE2).ArrayOf()
             from cap in Gen.Choose(0, 40)
             from lineCap in Gen.Choose(0, 12)
             from chunk in Gen.Choose(1, 9)
             select (bytes, cap, lineCap, chunk)).ToArbitrary(),
            c =>
            {
                var (bytes, cap, lineCap, chunk) = c;
                int longest = 0, run = 0;
                foreach (byte b in bytes)
                {
                    run = b is (byte)'\n' or (byte)'\r' ? 0 : run + 1;
                    longest = Math.Max(longest, run);
                }
                bool fits = bytes.Length <= cap && longest <= lineCap;
                using var stream = new BoundedStream(new ForwardOnly(bytes), "input x", cap, lineCap);
                var read = new List<byte>();
                var buffer = new byte[chunk];
                try
                {
                    for (int n; (n = stream.Read(buffer)) > 0;) read.AddRange(buffer[..n]);
                }
                catch (InputTooLargeException e)
                {
                    Assert.False(fits, $"refused {bytes.Length} bytes with lines of at most {longest} under caps {cap} and {lineCap}: {e.Message}");
                    Assert.StartsWith("input x ", e.Message, StringComparison.Ordinal);
                    return;
                }
                Assert.True(fits, $"accepted {bytes.Length} bytes with a line of {longest} under caps {cap} and {lineCap}");
                Assert.Equal(bytes, read);
            });

    /// <summary>A stream with no length and no seeking, like a pipe.</summary>
    private sealed class ForwardOnly(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
    }
}
