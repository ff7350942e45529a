using System.Text.Json.Nodes;

namespace FunctionalNet.Cli.Tests.Support;

/// <summary>What of a sweep's output must match whatever ran it: its result lines without wall time, and its table.</summary>
public static class SweepResults
{
    /// <summary>A results file's lines without their wall time, sorted.</summary>
    public static string[] Deterministic(string path) =>
    [
        .. File.ReadAllLines(path).Select(l =>
        {
            var node = JsonNode.Parse(l)!.AsObject();
            node.Remove("wall_seconds");
            return node.ToJsonString();
        }).Order(StringComparer.Ordinal),
    ];

    /// <summary>The ranked table of a sweep's output: everything from its title ("held-out …") on.</summary>
    public static string Table(string output) => output[output.IndexOf("held-out", StringComparison.Ordinal)..];
}
