using System.Globalization;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// One CSV history line spelled into a buffer the log keeps, without intermediate strings: a full-batch epoch is a single
/// step, so formatting is part of every step's price. The one CSV spelling: <see cref="HistoryFormat.Line"/> (restored
/// rows on resume) uses it too; JSON lines are spelled there.
/// </summary>
internal sealed class HistoryLine
{
    // Six "R" numbers of at most 24 characters each, five commas: a line never outgrows this.
    private readonly char[] buffer = new char[256];

    /// <summary>The CSV line of <paramref name="row"/>, without its line break; valid until the next call.</summary>
    public ReadOnlySpan<char> Csv(HistoryRow row)
    {
        var span = buffer.AsSpan();
        row.Epoch.TryFormat(span, out int at, default, CultureInfo.InvariantCulture);
        at += Cell(span[at..], row.TrainCost);
        at += Cell(span[at..], row.ValidationCost);
        at += Cell(span[at..], row.Metric);
        at += Cell(span[at..], row.LearningRate);
        at += Cell(span[at..], row.Seconds);
        return span[..at];
    }

    // A comma, then the value as pandas' read_csv reads it (nan, inf, -inf, empty for unknown, else round-trip "R").
    private static int Cell(Span<char> span, double? value)
    {
        span[0] = ',';
        string? word = value switch
        {
            null => "",
            double v when double.IsNaN(v) => "nan",
            double v when double.IsPositiveInfinity(v) => "inf",
            double v when double.IsNegativeInfinity(v) => "-inf",
            _ => null,
        };
        if (word is not null)
        {
            word.CopyTo(span[1..]);
            return 1 + word.Length;
        }
        value!.Value.TryFormat(span[1..], out int written, "R", CultureInfo.InvariantCulture);
        return 1 + written;
    }
}
