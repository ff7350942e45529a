using FsCheck;
using FsCheck.Fluent;
using FunctionalNet.Cli.Storage;
using FunctionalNet.Cli.Tests.Support;
using FunctionalNet.IO;

namespace FunctionalNet.Cli.Tests;

/// <summary>A stage that fails part-way deletes its temporary file and leaves the target alone.</summary>
public class AtomicWriteTests
{
    // Writes the first `upTo` bytes, then fails as a full disk (ENOSPC, an IOException) would.
    private static Action<Stream> FailingAfter(byte[] bytes, int upTo, Exception failure) => stream =>
    {
        stream.Write(bytes.AsSpan(0, upTo));
        stream.Flush(); // the partial bytes reach the file, as they do before a real ENOSPC
        throw failure;
    };

    private static string[] Leftovers(string directory) => Directory.GetFiles(directory, "*" + AtomicWrite.TempSuffix);

    [Fact]
    public void A_write_failing_part_way_removes_its_temporary_file_and_keeps_the_target()
    {
        using var dir = new TempDirectory();
        string target = dir.Write("model.json", "old");
        var bytes = new byte[10_000];
        var thrown = Assert.Throws<IOException>(() => AtomicWrite.Stage(target, FailingAfter(bytes, 6_000, new IOException("No space left on device"))));
        Assert.Equal("No space left on device", thrown.Message);
        Assert.Empty(Leftovers(dir.Path));
        Assert.Equal("old", File.ReadAllText(target));
    }

    [Fact]
    public void EFBIG_becomes_a_file_too_large_error_naming_the_target_and_guard_reports_it_in_one_line()
    {
        using var dir = new TempDirectory();
        string target = dir["model.safetensors"];
        // What .NET throws for errno EFBIG (Interop.GetExceptionForIoErrno).
        var efbig = new ArgumentOutOfRangeException("value", "Specified file length was too large for the file system.");
        var thrown = Assert.Throws<FileTooLargeException>(() => AtomicWrite.Stage(target, FailingAfter(new byte[100], 50, efbig)));
        Assert.Equal(target, thrown.Path);
        Assert.Same(efbig, thrown.InnerException);
        Assert.Empty(Leftovers(dir.Path));
        Assert.False(File.Exists(target));

        var guarded = Files.Guard<int>(dir.Path, "model directory", () => throw thrown);
        var message = guarded.Match(_ => "no error", e => e.Error.Message);
        Assert.Equal($"cannot write {target}: the file is larger than the file-size limit allows (EFBIG)", message);
        Assert.Equal(ExitCode.BadInput, guarded.Match(_ => 0, e => e.Code));
    }

    [Fact]
    public void A_stage_either_holds_every_byte_or_leaves_nothing_behind()
    {
        using var dir = new TempDirectory();
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), Gen.Choose(0, 100).ToArbitrary(), (bytes, percent) =>
        {
            int upTo = bytes.Length * percent / 100;
            bool fails = percent < 100;
            string target = Path.Combine(dir.Path, "f");
            string? staged = null;
            var thrown = Record.Exception(() => staged = AtomicWrite.Stage(target, fails ? FailingAfter(bytes, upTo, new IOException("disk full")) : s => s.Write(bytes)));
            bool ok = fails
                ? thrown is IOException && staged is null && Leftovers(dir.Path).Length == 0
                : thrown is null && File.ReadAllBytes(staged!).AsSpan().SequenceEqual(bytes);
            if (staged is not null) File.Delete(staged);
            return ok;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_stage_refused_by_a_read_only_directory_is_an_io_error_guard_names_and_leaves_nothing()
    {
        using var dir = new TempDirectory();
        string folder = Directory.CreateDirectory(dir["ro"]).FullName;
        string target = Path.Combine(folder, "out.csv");
        CliError? error;
        using (new Hardening.ReadOnlyDirectory(folder))
            error = TextOutputError(target);
        Assert.NotNull(error);
        Assert.StartsWith($"cannot access output file {target}: ", error.Error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder));
    }

    private static CliError? TextOutputError(string path) =>
        TextOutput.Write("a,b\n", path, new Terminal(TextWriter.Null, TextWriter.Null, false, CancellationToken.None)).Match(_ => (CliError?)null, e => e);
}
