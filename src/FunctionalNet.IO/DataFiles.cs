using FunctionalNet.Data.Loading;
using LanguageExt;

namespace FunctionalNet.IO;

/// <summary>
/// Reads a data file by its path: the file side of <see cref="CsvLoader"/>, which reads an open stream. A missing or
/// unreadable file is an <see cref="Error"/> naming it, like every problem inside it (line, column, expected and found).
/// </summary>
public static class DataFiles
{
    /// <summary>Reads the CSV file at <paramref name="path"/> with the class labels in the column <paramref name="label"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="label">The label column: a header name, or a 0-based index (negative counts from the end).</param>
    public static Validation<Error, Dataset> Load(string path, string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        return Load(path, CsvOptions.Default with { Label = LabelColumn.Parse(label) });
    }

    /// <summary>Reads the CSV file at <paramref name="path"/> (UTF-8) as <paramref name="options"/> say; defaults when null.</summary>
    public static Validation<Error, Dataset> Load(string path, CsvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            if (!File.Exists(path)) return IoErrors.Missing(path, "data file");
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
            return CsvLoader.Load(stream, path, options);
        }
        catch (Exception e) when (IoErrors.Describe(e, path, "data file") is { } error)
        {
            return error;
        }
    }
}
