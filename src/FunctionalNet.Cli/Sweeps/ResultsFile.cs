using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using FunctionalNet.Cli.Storage;
using FunctionalNet.IO;
using LanguageExt;

namespace FunctionalNet.Cli.Sweeps;

/// <summary>
/// A results file: one JSON line per finished trial, appended as trials finish, each line written whole with its
/// newline in one write. A last line without its newline is the remains of a killed write, so resuming cuts it off
/// and runs that trial again; anything else that is not a result line is an error naming its file and line.
/// Reads are capped (a device such as /dev/zero has no length to check first) and stop when the run is cancelled.
/// </summary>
internal static class ResultsFile
{
    /// <summary>
    /// The most bytes a results file is read to: a trial's line is a few hundred bytes, so this holds about a million
    /// trials, far more than a sweep runs.
    /// </summary>
    public const long MaxBytes = 512L << 20;

    /// <summary>The longest line: a trial's grid values and metrics, well under this unless the file is not a results file.</summary>
    public const long MaxLineBytes = 1L << 20;

    /// <summary>The records of <paramref name="path"/>, all of one sweep; <paramref name="torn"/> says whether an unfinished last line may be ignored.</summary>
    public static Either<CliError, ImmutableArray<(TrialRecord Record, string Where)>> Read(string path, CancellationToken cancel, bool torn = false) =>
        from text in Files.Guard(path, "results file", () =>
        {
            if (!File.Exists(path)) return new CliError(IoErrors.Missing(path, "results file"));
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(new BoundedStream(file, $"results file {path}", MaxBytes, MaxLineBytes), Encoding.UTF8);
            return Prelude.Right<CliError, string>(reader.ReadToEnd());
        })
        from records in Parse(path, text, torn, cancel)
        select records;

    /// <summary>
    /// The trials of <paramref name="plan"/> already in <paramref name="path"/> (none when it does not exist), after
    /// cutting off a torn last line.
    /// </summary>
    public static Either<CliError, ImmutableArray<TrialRecord>> Recorded(string path, SweepPlan plan, CancellationToken cancel) => Files.Guard(path, "results file", () =>
        !Resumable(path) ? Prelude.Right<CliError, ImmutableArray<TrialRecord>>([])
        : from records in Read(path, cancel, torn: true)
          from merged in Merge(records, plan.Id, "give another --out")
          from fits in merged.FirstOrDefault(r => r.Trials != plan.TrialCount || r.Folds != plan.FoldCount) is { } odd
              ? Prelude.Left<CliError, Unit>(new CliError(new Error("sweep.line", string.Create(CultureInfo.InvariantCulture,
                  $"{path}: trial {odd.Trial} says {odd.Trials} trials of {odd.Folds} folds, but this sweep has {plan.TrialCount} of {plan.FoldCount}; give another --out"))))
              : Unit.Default
          from cut in CutTornTail(path)
          select merged);

    /// <summary>
    /// Whether <paramref name="path"/> is a regular file (or a link to one) that can hold earlier trials. A FIFO, a
    /// device or a link to one (<c>/dev/stdout</c>) holds none: reading one would wait for a writer forever (a FIFO,
    /// the process's own stdout pipe) or read zeros without end (<c>/dev/full</c>), so it is written to, never read.
    /// </summary>
    public static bool Resumable(string path) => FileNode.Followed(path) == FileNodeKind.Regular;

    /// <summary>
    /// The records of one sweep (<paramref name="sweep"/>, else the first record's), each trial once; a record of
    /// another sweep or a trial met twice is an error naming both places, ending in <paramref name="advice"/>.
    /// </summary>
    public static Either<CliError, ImmutableArray<TrialRecord>> Merge(IReadOnlyList<(TrialRecord Record, string Where)> records, string? sweep, string advice)
    {
        if (records.Count == 0) return ImmutableArray<TrialRecord>.Empty;
        string expected = sweep ?? records[0].Record.Sweep;
        string whose = sweep is null ? $"sweep {expected} as {records[0].Where}" : $"this sweep {expected} (another grid, data or settings)";
        var (trials, folds) = (records[0].Record.Trials, records[0].Record.Folds);
        var seen = new Dictionary<int, string>();
        foreach (var (record, where) in records)
        {
            if (record.Sweep != expected)
                return new CliError(new Error("sweep.mismatch", $"{where}: a result of sweep {record.Sweep}, not of {whose}; {advice}"));
            // One sweep has one trial and fold count; a line that says otherwise was edited or is from another tool.
            if (record.Trials != trials || record.Folds != folds)
                return new CliError(new Error("sweep.line", string.Create(CultureInfo.InvariantCulture,
                    $"{where}: says {record.Trials} trials of {record.Folds} folds, but {records[0].Where} says {trials} of {folds}")));
            if (!seen.TryAdd(record.Trial, where))
                return new CliError(new Error("sweep.duplicate", string.Create(CultureInfo.InvariantCulture,
                    $"{where}: trial {record.Trial} is also at {seen[record.Trial]}; each trial belongs in one file, once")));
        }
        return records.Select(r => r.Record).ToImmutableArray();
    }

    /// <summary>Opens <paramref name="path"/> for appending lines (creating it and its directory).</summary>
    public static Either<CliError, Stream> Append(string path) => Files.Guard<Stream>(path, "results file", () =>
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory) Directory.CreateDirectory(directory);
        // Unbuffered: each line goes out in its own write, and a failed one (/dev/full) leaves nothing for Dispose to retry.
        return new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
    });

    /// <summary>Appends one record as a whole line and flushes it, so a kill loses at most the trial being written.</summary>
    public static Either<CliError, Unit> Write(string path, Stream stream, TrialRecord record) => Files.Guard(path, "results file", () =>
    {
        stream.Write(Encoding.UTF8.GetBytes(record.ToJson() + "\n"));
        stream.Flush();
        return Prelude.Right<CliError, Unit>(Unit.Default);
    });

    private static Either<CliError, ImmutableArray<(TrialRecord, string)>> Parse(string path, string text, bool torn, CancellationToken cancel)
    {
        var lines = text.Split('\n');
        var records = ImmutableArray.CreateBuilder<(TrialRecord, string)>();
        for (int i = 0; i < lines.Length; i++)
        {
            if (cancel.IsCancellationRequested) return Interrupted(path);
            bool last = i == lines.Length - 1;
            if (lines[i].Trim().Length == 0 || (last && torn)) continue;
            string where = string.Create(CultureInfo.InvariantCulture, $"{path}:{i + 1}");
            if (last) return new CliError(new Error("sweep.torn", $"{where}: the last line is unfinished (a sweep still running, or killed while writing)"));
            if (!TrialRecord.Parse(lines[i]).MapLeft(problem => new CliError(new Error("sweep.line", $"{where}: {problem}"))).TryRight(out var record, out var bad))
                return bad;
            records.Add((record, where));
        }
        return records.ToImmutable();
    }

    private static CliError Interrupted(string path) =>
        new(new Error("sweep.interrupted", $"interrupted while reading results file {path}; nothing was changed"), ExitCode.Interrupted);

    private static Either<CliError, Unit> CutTornTail(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        long end = stream.Length;
        while (end > 0)
        {
            stream.Position = end - 1;
            if (stream.ReadByte() == '\n') break;
            end--;
        }
        if (end < stream.Length) stream.SetLength(end);
        return Unit.Default;
    }
}
