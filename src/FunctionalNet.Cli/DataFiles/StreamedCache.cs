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
    /// <summary>
    /// The cache written from <paramref name="source"/> when it is a CSV file (and no <paramref name="labels"/> file is
    /// given) or IDX images labelled by <paramref name="labels"/> (without a weight column), else None: the caller loads it.
    /// </summary>
    public static Either<CliError, Option<RowCacheHeader>> Write(string source, string path, CsvOptions csv, CsvCacheColumns columns, string? labels,
        int chunkRows, CancellationToken cancel) =>
        DataSource.Use<Option<RowCacheHeader>>(source, "data file", data =>
        {
            if (data.Format == DataFileFormat.IdxImages && labels is not null && columns.Weight is null) return Idx(data, labels, path, csv.SinglePrecision, chunkRows, cancel);
            if (data.Format != DataFileFormat.Csv || labels is not null) return Option<RowCacheHeader>.None;
            using var reader = new StreamReader(data.Stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
            return CsvCacheWriter.Write(path, reader, data.Path, csv, columns, chunkRows, classes => CacheableData.Continuous(classes, source), cancel).Match(
                Succ: header => LanguageExt.Prelude.Right<CliError, Option<RowCacheHeader>>(header),
                Fail: errors => errors.Head.Code.StartsWith("csv.", StringComparison.Ordinal) ? CsvFiles.OneLine(errors) : Refused(errors.Head));
        });

    // The images stream in; the labels file is read after them, as the loaded path reads it, its own problem kept as it is said.
    private static Either<CliError, Option<RowCacheHeader>> Idx(DataSource images, string labels, string path, bool float32, int chunkRows, CancellationToken cancel)
    {
        CliError? unread = null;
        var written = IdxCacheWriter.Write(path, images.Stream, images.Path, () => IdxFiles.Read(labels, "label file").Match(
            Right: array => LanguageExt.Prelude.Right<Error, (FunctionalNet.Data.Loading.IdxArray, string)>((array, labels)),
            Left: problem =>
            {
                unread = problem;
                return problem.Error;
            }), float32, chunkRows, cancel);
        return unread is not null && written.IsLeft ? unread
            : written.Match(header => LanguageExt.Prelude.Right<CliError, Option<RowCacheHeader>>(header), e => Refused(e));
    }

    private static CliError Refused(Error error) => new(error, error.Code == "cache.interrupted" ? ExitCode.Interrupted : ExitCode.BadInput);
}
