using System.Globalization;

namespace FunctionalNet.Cli.Storage;

/// <summary>Fields of the CSV the CLI writes, quoted as RFC 4180 asks, so names holding commas, quotes or line breaks read back as written.</summary>
internal static class CsvText
{
    /// <summary>
    /// <paramref name="text"/> as one CSV field: in double quotes, with its quotes doubled, when it holds a comma, a
    /// quote or a line break (or is empty, which alone on a line would read as a blank line); as it is otherwise.
    /// </summary>
    public static string Field(string text) =>
        text.Length == 0 || text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;

    /// <summary>A number as a field that reads back to the same bits.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
