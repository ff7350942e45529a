using System.Globalization;

namespace FunctionalNet.Cli.Tests.Support;

/// <summary>
/// Generated raw tables for the CLI's table tests: an id, a number <c>a</c> with gaps, a text column <c>colour</c>
/// with gaps (written as <c>gap</c>), a weight <c>w</c>, a class <c>y</c> and a value <c>v</c> that depend on both.
/// </summary>
public static class RawTables
{
    /// <summary>The rows, one array of cells each: id, a, colour, w, y, v (null for a gap).</summary>
    public static string?[][] Rows(int seed, int count)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            double a = random.NextDouble() * 4 - 2;
            string colour = new[] { "red", "green", "blue" }[random.Next(3)];
            double effect = colour == "red" ? 1 : -0.5;
            return new string?[]
            {
                i.ToString(CultureInfo.InvariantCulture),
                random.NextDouble() < 0.1 ? null : a.ToString("F3", CultureInfo.InvariantCulture),
                random.NextDouble() < 0.1 ? null : colour,
                (1 + random.Next(2)).ToString(CultureInfo.InvariantCulture),
                a + effect > 0 ? "yes" : "no",
                (2 * a + 3 * effect).ToString("F3", CultureInfo.InvariantCulture),
            };
        })];
    }

    /// <summary>The header of <see cref="Rows"/>.</summary>
    public static string[] Header { get; } = ["id", "a", "colour", "w", "y", "v"];

    /// <summary>The rows as CSV text with a header, gaps written as <paramref name="gap"/>.</summary>
    public static string Csv(int seed, int count, string gap = "") =>
        string.Join(",", Header) + "\n" + string.Concat(Rows(seed, count).Select(r => string.Join(",", r.Select(c => c ?? gap)) + "\n"));
}
