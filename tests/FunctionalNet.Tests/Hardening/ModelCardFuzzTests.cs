using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FunctionalNet.Formats;
using FunctionalNet.Tests.Formats;
using Xunit.Abstractions;

namespace FunctionalNet.Tests.Hardening;

/// <summary>
/// The model-card reader under attack: about 10,000 hostile documents, read the way the shell reads them (bytes
/// decoded as UTF-8), each of which must give a card or an error value. An accepted card must also rebuild its
/// architecture, since loading does that next.
/// </summary>
public class ModelCardFuzzTests(ITestOutputHelper output)
{
    private const int Timeout = 60_000;

    private static readonly byte[] ValidCard = Encoding.UTF8.GetBytes(ModelCardTests.Sample().ToJson());

    private static bool Parse(byte[] bytes) =>
        ModelCard.Parse(Encoding.UTF8.GetString(bytes)).Match(
            card => card.ToArchitecture().IsRight ? true : throw new InvalidOperationException("an accepted card has no architecture"), _ => false);

    [Fact(Timeout = Timeout)]
    public Task Random_bytes_truncations_flips_and_invalid_utf8() => Run(() =>
    {
        var valid = Gen.Constant(ValidCard);
        Report("random text", Hostile.Check(Mutations.RandomText("{}[]\":, 0123456789.e-truefalsn", 300), Parse, 1000));
        Report("truncated", Hostile.Check(Mutations.Truncated(valid), Parse, 1500));
        Report("flipped", Hostile.Check(Mutations.Flipped(valid), Parse, 2000));
        Report("invalid UTF-8", Hostile.Check(Mutations.InvalidUtf8(valid, b => (0, b.Length)), Parse, 500));
        Assert.True(Parse(ValidCard), "the unmutated card must be accepted");
    });

    [Fact(Timeout = Timeout)]
    public Task Every_field_replaced_by_a_hostile_value() => Run(() =>
    {
        var tally = Hostile.Check(Replaced, Parse, 4800);
        Report("hostile field", tally);
        Assert.True(tally.Accepted > 0, "some replacements (a new name, an equal value) keep the card valid");
    });

    [Fact(Timeout = Timeout)]
    public Task Deeply_nested_json_anywhere() => Run(() =>
    {
        var nested =
            from depth in Gen.Elements(10, 63, 64, 65, 1000, 10_000)
            from open in Gen.Elements("[", "{\"a\":")
            from field in Gen.Elements("metrics", "training", "architecture", "library")
            select Encoding.UTF8.GetBytes(ModelCardTests.Sample().ToJson().Replace($"\"{field}\": ", $"\"{field}\": "
                + string.Concat(Enumerable.Repeat(open, depth)) + "0" + string.Concat(Enumerable.Repeat(open == "[" ? "]" : "}", depth)) + ", \"x\": ", StringComparison.Ordinal));
        Report("nested JSON", Hostile.Check(nested, Parse, 300));
    });

    // The valid card with one value, anywhere in its tree, removed, duplicated or replaced by a value of the wrong
    // type, a null, an extreme number, a huge or empty array, a deep structure or a lone surrogate.
    private static Gen<byte[]> Replaced
    {
        get
        {
            var paths = Paths(JsonNode.Parse(ValidCard)!, "").ToArray();
            var values = Gen.Elements("null", "0", "-1", "1", "2147483647", "2147483648", "-2147483648", "1e308", "-1e308", "5e-324", "1.5",
                "\"\"", "\"x\"", "\"LONE_SURROGATE\"", "\"float32\"", "\"float64\"", "\"sigmoid\"", "\"elu(1e400)\"", "\"leaky-relu(nan)\"", "\"softmax\"",
                "\"ce\"", "\"..\"", "\"/etc/passwd\"", "\"a/b\"", "[]", "[null]", "[1,2,3]", "{}", "{\"units\":null}", "true",
                "[{\"units\":100000,\"activation\":\"tanh\"},{\"units\":100000,\"activation\":\"softmax\"}]",
                "[{\"units\":65536,\"activation\":\"tanh\"},{\"units\":65536,\"activation\":\"tanh\"},{\"units\":2,\"activation\":\"softmax\"}]",
                "\"" + new string('0', 64) + "\"", "\"" + new string('A', 64) + "\"");
            return from path in Gen.Elements(paths)
                   from value in values
                   from action in Gen.Choose(0, 9)
                   // The object model cannot hold a lone surrogate, so it enters as a placeholder swapped in the text.
                   select Encoding.UTF8.GetBytes(Mutate(path, value, action).Replace("LONE_SURROGATE", "\\ud800", StringComparison.Ordinal));
        }
    }

    private static string Mutate(string path, string value, int action)
    {
        var root = JsonNode.Parse(ValidCard)!;
        var (parent, key) = Locate(root, path);
        switch (action)
        {
            case 0 when parent is JsonObject o:
                o.Remove(key);
                break;
            case 1 when parent is JsonObject o:
                o["unexpected_" + key] = JsonNode.Parse(value);
                break;
            case 2 when parent is JsonObject o:
                // A repeated key: System.Text.Json's object model would merge it, so splice the text.
                string text = root.ToJsonString();
                string needle = $"\"{key}\":";
                int at = text.IndexOf(needle, StringComparison.Ordinal);
                return at < 0 ? text : text.Insert(at, $"{needle}{value},");
            default:
                if (parent is JsonObject obj) obj[key] = JsonNode.Parse(value);
                else if (parent is JsonArray arr) arr[int.Parse(key, System.Globalization.CultureInfo.InvariantCulture)] = JsonNode.Parse(value);
                else return value;
                break;
        }
        return root.ToJsonString();
    }

    private static IEnumerable<string> Paths(JsonNode node, string prefix)
    {
        yield return prefix;
        if (node is JsonObject o)
            foreach (var (k, v) in o)
                foreach (var p in v is null ? [prefix + "/" + k] : Paths(v, prefix + "/" + k)) yield return p;
        if (node is JsonArray a)
            for (int i = 0; i < a.Count; i++)
                foreach (var p in a[i] is null ? [prefix + "/" + i] : Paths(a[i]!, prefix + "/" + i)) yield return p;
    }

    private static (JsonNode? Parent, string Key) Locate(JsonNode root, string path)
    {
        if (path.Length == 0) return (null, "");
        var parts = path[1..].Split('/');
        JsonNode current = root;
        foreach (var part in parts[..^1])
            current = current is JsonArray a ? a[int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)]! : current[part]!;
        return (current, parts[^1]);
    }

    private void Report(string what, Tally tally) => output.WriteLine($"model card, {what}: {tally}");

    private static Task Run(Action test) => Task.Run(test);
}
