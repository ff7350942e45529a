namespace FunctionalNet.Cli.Tests.Hardening;

/// <summary>A small labelled CSV (two features, classes p and q) that trains in milliseconds.</summary>
internal static class TinyCsv
{
    public static string Rows(int rows)
    {
        var text = new System.Text.StringBuilder("a,b,label\n");
        for (int i = 0; i < rows; i++) text.Append(FormattableString.Invariant($"{i % 7},{(i * 3) % 5},{(i % 7 < 3 ? "p" : "q")}\n"));
        return text.ToString();
    }
}
