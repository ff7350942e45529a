using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using FunctionalNet.Cli.Storage;
using LanguageExt;

namespace FunctionalNet.Cli.Sweeps;

/// <summary>
/// A results file: one JSON line per finished trial, appended as trials finish, each line written whole with its
/// newline in one write. A last line without its newline is the remains of a killed write, so resuming cuts it off
/// and runs that trial again; anything else that is not a result line is an error naming its file and line.
/// </summary>
internal static class ResultsFile
{
    /// <summary>The records of <paramref name="path"/>, all of one sweep; <paramref name="torn"/> says whether an unfinished last line may be ignored.</summary>
    public static Either<CliError, ImmutableArray<(TrialRecord Record, string Where)>> Read(string path, bool torn = false) =>
        from bytes in Files.ReadBytes(path, "results file")
        from records in Parse(path, Encoding.UTF8.GetString(bytes), torn)
        select records;

    /// <summary>The trials of sweep <paramref name="sweep"/> already in <paramref name="path"/> (none when it does not exist), after cutting off a torn last line.</summary>
    public static Either<CliError, ImmutableArray<TrialRecord>> Recorded(string path, string sweep) => Files.Guard(path, "results file", () =>
        !File.Exists(path) ? Prelude.Right<CliError, ImmutableArray<TrialRecord>>([])
        : from records in Read(path, torn: true)
          from merged in Merge(records, sweep, "give another --out")
          from cut in CutTornTail(path)
          select merged);

    /// <summary>
    /// The records of one sweep (<paramref name="sweep"/>, else the first record's), each trial once; a record of
    /// another sweep or a trial met twice is an error naming both places, ending in <paramref name="advice"/>.
    /// </summary>
    public static Either<CliError, ImmutableArray<TrialRecord>> Merge(IReadOnlyList<(TrialRecord Record, string Where)> records, string? sweep, string advice)
    {
        if (records.Count == 0) return ImmutableArray<TrialRecord>.Empty;
        string expected = sweep ?? records[0].Record.Sweep;
        string whose = sweep is null ? $"sweep {expected} as {records[0].Where}" : $"this sweep {expected} (another grid, data or settings)";
        var seen = new Dictionary<int, string>();
        foreach (var (record, where) in records)
        {
            if (record.Sweep != expected)
                return new CliError(new Error("sweep.mismatch", $"{where}: a result of sweep {record.Sweep}, not of {whose}; {advice}"));
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
        return new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
    });

    /// <summary>Appends one record as a whole line and flushes it, so a kill loses at most the trial being written.</summary>
    public static Either<CliError, Unit> Write(string path, Stream stream, TrialRecord record) => Files.Guard(path, "results file", () =>
    {
        stream.Write(Encoding.UTF8.GetBytes(record.ToJson() + "\n"));
        stream.Flush();
        return Prelude.Right<CliError, Unit>(Unit.Default);
    });

    private static Either<CliError, ImmutableArray<(TrialRecord, string)>> Parse(string path, string text, bool torn)
    {
        var lines = text.Split('\n');
        var records = ImmutableArray.CreateBuilder<(TrialRecord, string)>();
        for (int i = 0; i < lines.Length; i++)
        {
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
