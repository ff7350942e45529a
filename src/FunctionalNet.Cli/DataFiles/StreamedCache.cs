using System.Text;
using FunctionalNet.Data.Loading;
using FunctionalNet.Formats;
using FunctionalNet.IO;
using LanguageExt;

namespace FunctionalNet.Cli.DataFiles;

/// <summary>
/// <c>fnet cache</c> of a CSV or Parquet file without loading it, whatever its rows carry (class labels or a regression's
/// targets, sample weights or none): the rows (a Parquet file's a row group at a time) stream into the cache a chunk at a
/// time through one writer (see
/// <see cref="RowCache.Write(TextReader, string, string, CsvOptions, CsvCacheColumns, int, CancellationToken)"/>), so the
/// file may be larger than memory; so do IDX images. The built-in sets are loaded as before.
/// </summary>
internal static class StreamedCache
{
    /// <summary>
    /// The cache written from <paramref name="source"/> when it is a CSV or Parquet file (and no <paramref name="labels"/> file is
    /// given) or IDX images labelled by <paramref name="labels"/> (with a weight column or not), else None: the caller loads it.
    /// </summary>
    public static Either<CliError, Option<RowCacheHeader>> Write(string source, string path, CsvOptions csv, CsvCacheColumns columns, string? labels,
        int chunkRows, CancellationToken cancel) =>
        DataSource.Use<Option<RowCacheHeader>>(source, "data file", data =>
        {
            if (data.Format == DataFileFormat.IdxImages && labels is not null) return Idx(data, labels, path, csv.SinglePrecision, columns.Weight, chunkRows, cancel);
            if (data.Format is not (DataFileFormat.Csv or DataFileFormat.Parquet) || labels is not null) return Option<RowCacheHeader>.None;
            if (data.Format == DataFileFormat.Parquet)
                return ParquetFiles.Open(data, (reader, stream, size) => Task.FromResult(Rows(new ParquetRows(reader, stream, size, data.Path), data.Path, path, csv, columns, chunkRows, cancel)));
            using var text = new StreamReader(data.Stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
            return Rows(new CsvTextRows(text, data.Path), data.Path, path, csv, columns, chunkRows, cancel);
        }, streamed: true);

    // A table read once row by row (CSV text, a Parquet file's row groups) through the one streaming writer; the CSV
    // loader's problems are their one line (the first, with how many more), a Parquet file's and the cache's their own.
    private static Either<CliError, Option<RowCacheHeader>> Rows(ITableRows rows, string source, string path, CsvOptions csv, CsvCacheColumns columns, int chunkRows,
        CancellationToken cancel) =>
        CsvCacheWriter.Write(path, rows, source, csv, columns, chunkRows, classes => CacheableData.Continuous(classes, source), cancel).Match(
            Succ: header => LanguageExt.Prelude.Right<CliError, Option<RowCacheHeader>>(header),
            Fail: errors => errors.Head.Code.StartsWith("csv.", StringComparison.Ordinal) ? CsvFiles.OneLine(errors) : Refused(errors.Head));

    // The images stream in; the labels file is read after them, as the loaded path reads it, its own problem kept as it is said.
    private static Either<CliError, Option<RowCacheHeader>> Idx(DataSource images, string labels, string path, bool float32, string? weight, int chunkRows, CancellationToken cancel)
    {
        CliError? unread = null;
        var written = IdxCacheWriter.Write(path, images.Stream, images.Path, () => IdxFiles.Read(labels, "label file").Match(
            Right: array => LanguageExt.Prelude.Right<Error, (FunctionalNet.Data.Loading.IdxArray, string)>((array, labels)),
            Left: problem =>
            {
                unread = problem;
                return problem.Error;
            }), float32, weight, chunkRows, cancel);
        return unread is not null && written.IsFail ? unread
            : written.Match(Succ: header => LanguageExt.Prelude.Right<CliError, Option<RowCacheHeader>>(header), Fail: e => Refused(e.Head));
    }

    private static CliError Refused(Error error) => new(error, error.Code == "cache.interrupted" ? ExitCode.Interrupted : ExitCode.BadInput);
}
