using System.Text;
using LanguageExt;

namespace FunctionalNet.Data.Loading;

/// <summary>
/// Reads a CSV table into a <see cref="Dataset"/>, strictly: every problem is an <see cref="Error"/> naming the
/// source, line and column, what was expected and what was found. Pure over the reader it is given (the shell
/// opens files) and streaming: one line is held at a time, so memory is the parsed numbers, not the text.
/// </summary>
/// <remarks>Error codes: csv.empty, csv.header-only, csv.ragged-row, csv.non-numeric, csv.non-finite, csv.precision,
/// csv.empty-label, csv.single-class (unless <see cref="CsvOptions.AllowSingleClass"/>), csv.quote, csv.label-column, csv.no-features, csv.too-many-errors.</remarks>
public static class CsvLoader
{
    /// <summary>Reads CSV text from <paramref name="stream"/> (UTF-8, BOM honoured; the stream is left open).</summary>
    /// <param name="stream">The bytes of the file.</param>
    /// <param name="source">The name errors use for the input, usually the file's path.</param>
    /// <param name="options">Delimiter, header, label column and task; defaults when null.</param>
    public static Validation<Error, Dataset> Load(Stream stream, string source, CsvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var lines = stream.CanSeek ? LineCount.Of(stream) : (0, 0);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        return Load(reader, source, options, lines);
    }

    /// <summary>Reads CSV text line by line from <paramref name="reader"/> (not disposed).</summary>
    public static Validation<Error, Dataset> Load(TextReader reader, string source, CsvOptions? options = null) => Load(reader, source, options, (0, 0));

    // shape: the text's line and byte counts when known, so the feature rows are allocated once at their final size.
    private static Validation<Error, Dataset> Load(TextReader reader, string source, CsvOptions? options, (int Lines, long Bytes) shape)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        options ??= CsvOptions.Default;
        Check(options);
        return options.SinglePrecision
            ? new CsvReading<float>(reader, source, options, shape).Run()
            : new CsvReading<double>(reader, source, options, shape).Run();
    }

    /// <summary>
    /// Reads CSV text line by line from <paramref name="reader"/> in one pass, handing each feature row (in precision
    /// <typeparamref name="T"/>, whatever <see cref="CsvOptions.SinglePrecision"/> says) to the sink <paramref name="sink"/>
    /// makes for the table's feature count and the header's feature names (default when the first line is not known to be a
    /// header: a header of numeric names is only recognised at the end, <see cref="CsvTable.SkippedRows"/>), and keeping only
    /// the targets: the same rows, targets and errors as <see cref="Load(TextReader, string, CsvOptions?)"/> without holding the features.
    /// </summary>
    public static Validation<Error, CsvTable> Stream<T>(TextReader reader, string source, CsvOptions options,
        Func<int, System.Collections.Immutable.ImmutableArray<string>, IFeatureSink<T>> sink)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        Check(options);
        return new CsvReading<T>(reader, source, options, default, sink).Read();
    }

    private static void Check(CsvOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxErrors, 1, nameof(options));
        if (options.Delimiter is '"' or '\r' or '\n')
            throw new ArgumentException($"a quote or line break cannot be the delimiter, found {(int)options.Delimiter.Value:X2}", nameof(options));
        ArgumentNullException.ThrowIfNull(options.Label, nameof(options));
    }

    /// <summary>Reads CSV from a string (small tables and tests).</summary>
    public static Validation<Error, Dataset> Parse(string text, string source, CsvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = new StringReader(text);
        return Load(reader, source, options);
    }
}
