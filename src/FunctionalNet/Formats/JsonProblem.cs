using System.Globalization;
using System.Text.Json;

namespace FunctionalNet.Formats;

/// <summary>
/// A System.Text.Json failure in the words of the file, not of the .NET types it was read into: what is wrong, at
/// which field, line and byte (the serializer's own messages name CLR types and "members").
/// </summary>
internal static class JsonProblem
{
    public static string Describe(JsonException e)
    {
        string message = e.Message;
        string what =
            message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal) ? $"unknown field '{Field(e.Path)}'"
            : message.Contains("could not be converted to", StringComparison.Ordinal) ? $"field '{Field(e.Path)}' holds a value of the wrong type"
            : message.Contains("missing required properties", StringComparison.Ordinal) ? $"missing required field(s) {After(message, "including: ").TrimEnd('.')}"
            : message.Contains("doesn't allow null", StringComparison.Ordinal) ? $"field '{Field(e.Path)}' is null, expected a value"
            : message.StartsWith("Duplicate property", StringComparison.Ordinal) ? $"field '{Field(e.Path)}' appears twice"
            : Syntax(message);
        string where = e.LineNumber is { } line
            ? string.Create(CultureInfo.InvariantCulture, $" (at {e.Path ?? "$"}, line {line + 1}, byte {e.BytePositionInLine + 1})")
            : "";
        return what + where;
    }

    // The last name in a JSON path such as $.architecture.layers[0].units.
    private static string Field(string? path) => path is null ? "$" : path[(path.LastIndexOf('.') + 1)..];

    private static string After(string message, string marker) =>
        message.IndexOf(marker, StringComparison.Ordinal) is >= 0 and var at ? message[(at + marker.Length)..] : message;

    // A syntax error's own text is about the bytes ("'x' is an invalid start of a value"); its location suffix is replaced by ours.
    private static string Syntax(string message)
    {
        int path = message.IndexOf(" Path: ", StringComparison.Ordinal);
        string text = (path >= 0 ? message[..path] : message).Trim();
        return text.Contains(".NET", StringComparison.Ordinal) || text.Contains("System.", StringComparison.Ordinal) || text.Contains("type '", StringComparison.Ordinal)
            ? "not a valid model card document"
            : "invalid JSON: " + text;
    }
}
