using System.Text;
using FunctionalNet.Data.Loading;
using FunctionalNet.Formats;
using FunctionalNet.IO;
using LanguageExt;

namespace FunctionalNet.Cli.DataFiles;

/// <summary>
/// <c>fnet cache</c> of a CSV file without loading it, whatever its rows carry (class labels or a regression's targets,
/// sample weights or none): the rows stream into the cache a chunk at a time (see
/// <see cref="RowCache.Write(TextReader, string, string, CsvOptions, CsvCacheColumns, int, CancellationToken)"/>), so the
/// file may be larger than memory. Other formats are loaded as before.
/// </summary>
internal static class StreamedCache
{
    /// <summary>The cache written from <paramref name="source"/> when it is a CSV file, else None: the caller loads it.</summary>
    public static Either<CliError, Option<RowCacheHeader>> Write(string source, string path, CsvOptions csv, CsvCacheColumns columns, int chunkRows,
        CancellationToken cancel) =>
        DataSource.Use<Option<RowCacheHeader>>(source, "data file", data =>
        {
            if (data.Format != DataFileFormat.Csv) return Option<RowCacheHeader>.None;
            using var reader = new StreamReader(data.Stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
            return CsvCacheWriter.Write(path, reader, data.Path, csv, columns, chunkRows, classes => CacheableData.Continuous(classes, source), cancel).Match(
                Succ: header => LanguageExt.Prelude.Right<CliError, Option<RowCacheHeader>>(header),
                Fail: errors => errors.Head.Code.StartsWith("csv.", StringComparison.Ordinal) ? CsvFiles.OneLine(errors)
                    : new CliError(errors.Head, errors.Head.Code == "cache.interrupted" ? ExitCode.Interrupted : ExitCode.BadInput));
        });
}
