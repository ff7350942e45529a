using System.IO.Compression;
using FunctionalNet.Cli.Limits;
using FunctionalNet.Cli.Storage;
using LanguageExt;

namespace FunctionalNet.Cli.DataFiles;

/// <summary>
/// A data file opened once and told apart by its first bytes — gzip, IDX images or labels, Parquet, else CSV — which the
/// stream still holds for the loader. One open and one pass make a FIFO, <c>/dev/stdin</c> or a device behave like a
/// file; every byte read is counted against <see cref="InputCaps.DataBytes"/> (after decompression too), and CSV lines
/// against <see cref="InputCaps.CsvLineBytes"/>.
/// </summary>
/// <param name="Path">The path as given, for messages.</param>
/// <param name="What">What the file is to the command, e.g. "data file".</param>
/// <param name="Format">What the first bytes say it holds.</param>
/// <param name="Stream">Its content from the first byte (decompressed when gzip), forward-only.</param>
internal sealed record DataSource(string Path, string What, DataFileFormat Format, Stream Stream)
{
    // IDX element types (unsigned and signed byte, short, int, float, double); the loader itself accepts only 0x08,
    // but any of them is an IDX file and deserves the loader's "expected element type 0x08" rather than a CSV error.
    private static readonly byte[] ElementTypes = [0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E];

    /// <summary>
    /// Opens <paramref name="path"/>, runs <paramref name="read"/> on it and closes it; I/O failures, caps and bad gzip are
    /// one line. A <paramref name="streamed"/> reader holds a bounded part of the file at a time (<c>fnet cache</c>), so
    /// the data cap, which keeps a loaded table within memory, does not apply to it; CSV lines are still capped.
    /// </summary>
    public static Either<CliError, T> Use<T>(string path, string what, Func<DataSource, Either<CliError, T>> read, bool streamed = false) =>
        Files.Guard<T>(path, what, () =>
        {
            if (!File.Exists(path))
                return new CliError(new Error("file.missing", Directory.Exists(path) ? $"{what} {path} is a directory, expected a file" : $"{what} {path} does not exist"));
            long cap = streamed ? long.MaxValue : InputCaps.DataBytes();
            string description = $"{what} {path}";
            Stream? stream = new BoundedStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read), description, cap);
            try
            {
                var (magic, whole) = ReplayStream.Peek(stream, 2);
                stream = whole;
                bool gzip = magic is [0x1F, 0x8B];
                if (gzip) stream = new BoundedStream(new GZipStream(stream, CompressionMode.Decompress), description + " (decompressed)", cap);
                var (head, content) = ReplayStream.Peek(stream, 4);
                stream = content;
                bool idx = head is [0, 0, var type, > 0] && ElementTypes.Contains(type);
                var format = idx ? (head[3] == 1 ? DataFileFormat.IdxLabels : DataFileFormat.IdxImages)
                    : !gzip && ParquetFiles.IsParquet(head) ? DataFileFormat.Parquet
                    : gzip ? DataFileFormat.OtherGzip
                    : DataFileFormat.Csv;
                if (format == DataFileFormat.Csv) stream = new BoundedStream(stream, description, long.MaxValue, InputCaps.CsvLineBytes);
                return read(new DataSource(path, what, format, stream));
            }
            catch (InvalidDataException e)
            {
                return new CliError(new Error("idx.gzip", $"{what} {path} is not valid gzip data: {e.Message}"));
            }
            finally
            {
                stream.Dispose();
            }
        });
}
