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
    {
        if (!File.Exists(path)) return Prelude.Right<CliError, ImmutableArray<TrialRecord>>([]);
        return
            from records in Read(path, torn: true)
            from same in records.FirstOrDefault(r => r.Record.Sweep != sweep) is { Record: not null } other
                ? Prelude.Left<CliError, Unit>(new CliError(new Error("sweep.mismatch",
                    $"{other.Where}: a result of sweep {other.Record.Sweep}, not of this sweep {sweep} (another grid, data or settings); give another --out")))
                : Prelude.Right<CliError, Unit>(Unit.Default)
            from cut in CutTornTail(path)
            select records.Select(r => r.Record).ToImmutableArray();
    });

    /// <summary>Opens <paramref name="path"/> for appending lines (creating it and its directory).</summary>
    public static Either<CliError, Stream> Append(string path) => Files.Guard<Stream>(path, "results file", () =>
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory) Directory.CreateDirectory(directory);
        return new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
    });

    /// <summary>Appends one record as a whole line and flushes it, so a kill loses at most the trial being written.</summary>
    public static void Write(Stream stream, TrialRecord record)
    {
        stream.Write(Encoding.UTF8.GetBytes(record.ToJson() + "\n"));
        stream.Flush();
    }

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
