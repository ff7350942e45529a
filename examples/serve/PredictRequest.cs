using System.Globalization;
using System.Text.Json;
using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet.Serve;

/// <summary>
/// The JSON of <c>POST /predict</c>, read and written by hand with System.Text.Json's reader and writer (no
/// reflection, so the service also runs trimmed). Request: <c>{"rows": [{"name": value, …}, …]}</c>, or rows as arrays
/// in input order; a value is a number, or a string such as <c>"NaN"</c>, which the library then refuses by name.
/// Answer: <c>{"predictions": [{"class": name, "probabilities": {class: p, …}}, …]}</c>.
/// </summary>
public static class PredictRequest
{
    /// <summary>The rows of <paramref name="body"/>, row-major, in the model's input order; or what is wrong with them.</summary>
    public static Either<Error, double[]> Parse(byte[] body, Classifier classifier)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("rows", out var rows) || rows.ValueKind != JsonValueKind.Array)
                return new Error("request.shape", "expected a JSON object {\"rows\": [...]}");
            var values = new double[rows.GetArrayLength() * classifier.Inputs];
            int r = 0;
            foreach (var row in rows.EnumerateArray())
            {
                if (Row(row, r, classifier, values.AsSpan(r * classifier.Inputs, classifier.Inputs)) is { } problem) return problem;
                r++;
            }
            return values;
        }
        catch (JsonException e)
        {
            return new Error("request.json", $"the body is not JSON: {e.Message}");
        }
    }

    /// <summary>The answer for <paramref name="rows"/>, or the library's error (a NaN or infinite feature, by row and column).</summary>
    public static Either<Error, byte[]> Score(double[] rows, Classifier classifier)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(classifier);
        int k = classifier.Classes.Length, count = rows.Length / classifier.Inputs;
        var probabilities = new double[count * k];
        var classes = new int[count];
        // One thread per request: the server already runs requests side by side.
        return from scored in classifier.PredictProba<double>(rows, probabilities, new Parallelism(1))
               from labelled in classifier.Predict<double>(rows, classes, new Parallelism(1))
               select Answer(classifier, classes, probabilities);
    }

    /// <summary><c>{"error": message}</c>.</summary>
    public static string ErrorJson(Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return System.Text.Encoding.UTF8.GetString(Write(json =>
        {
            json.WriteStartObject();
            json.WriteString("error", error.Message);
            json.WriteEndObject();
        }));
    }

    private static Error? Row(JsonElement row, int r, Classifier classifier, Span<double> into)
    {
        var names = classifier.FeatureNames;
        if (row.ValueKind == JsonValueKind.Array)
        {
            if (row.GetArrayLength() != classifier.Inputs)
                return new Error("request.width", $"row {r}: the model expects {classifier.Inputs} features, found {row.GetArrayLength()}");
            int c = 0;
            foreach (var value in row.EnumerateArray())
                if (Value(value, r, c.ToString(CultureInfo.InvariantCulture), out into[c++]) is { } problem) return problem;
            return null;
        }
        if (row.ValueKind != JsonValueKind.Object)
            return new Error("request.row", $"row {r}: expected an object of features by name or an array, found {row.ValueKind}");
        if (names.IsEmpty)
            return new Error("request.names", $"row {r}: the model has no feature names; send each row as an array of {classifier.Inputs} numbers");
        int seen = 0;
        foreach (var property in row.EnumerateObject())
        {
            int column = names.IndexOf(property.Name);
            if (column < 0)
                return new Error("request.feature", $"row {r}: the model has no feature '{property.Name}'; its features are {string.Join(", ", names)}");
            if (Value(property.Value, r, property.Name, out into[column]) is { } problem) return problem;
            seen++;
        }
        return seen == names.Length ? null
            : new Error("request.feature", $"row {r}: {names.Length - seen} feature(s) missing; the model needs {string.Join(", ", names)}");
    }

    // A number, or a numeric string ("NaN", "Infinity") left for the library to judge.
    private static Error? Value(JsonElement value, int r, string feature, out double result)
    {
        result = 0;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out result)) return null;
        if (value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out result)) return null;
        return new Error("request.value", $"row {r}, feature '{feature}': expected a number, found {value.GetRawText()}");
    }

    private static byte[] Answer(Classifier classifier, int[] classes, double[] probabilities) => Write(json =>
    {
        int k = classifier.Classes.Length;
        json.WriteStartObject();
        json.WriteStartArray("predictions");
        for (int r = 0; r < classes.Length; r++)
        {
            json.WriteStartObject();
            json.WriteString("class", classifier.Classes[classes[r]]);
            json.WriteStartObject("probabilities");
            for (int c = 0; c < k; c++) json.WriteNumber(classifier.Classes[c], probabilities[r * k + c]);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    });

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer)) write(json);
        return buffer.ToArray();
    }
}
