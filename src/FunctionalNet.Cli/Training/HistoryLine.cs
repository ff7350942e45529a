using System.Globalization;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// One CSV history line spelled into a buffer the log keeps, without intermediate strings: a full-batch epoch is a single
/// step, so formatting is part of every step's price. A column whose value has the same bits as on the previous line
/// (the learning rate of a constant schedule, an unchanged accuracy) copies its previous spelling instead of formatting
/// the number again. The one CSV spelling: <see cref="HistoryFormat.Line"/> (restored rows on resume) uses it too; JSON
/// lines are spelled there.
/// </summary>
internal sealed class HistoryLine
{
    private const int Columns = 5;
    // The longest "R" spelling of a double is 24 characters ("-1.2345678901234567E-308"); a cell is a comma and that.
    private const int CellLength = 25;
    // An int and five cells: a line never outgrows this.
    private readonly char[] buffer = new char[16 + Columns * CellLength];
    // Each column's last value (by its bits; null as a bit pattern no double has) and its spelling, comma included.
    private readonly long?[] lastBits = new long?[Columns];
    private readonly bool[] known = new bool[Columns];
    private readonly char[] lastCells = new char[Columns * CellLength];
    private readonly int[] lastLengths = new int[Columns];

    /// <summary>The CSV line of <paramref name="row"/>, without its line break; valid until the next call.</summary>
    public ReadOnlySpan<char> Csv(HistoryRow row)
    {
        var span = buffer.AsSpan();
        row.Epoch.TryFormat(span, out int at, default, CultureInfo.InvariantCulture);
        at += Cell(span[at..], 0, row.TrainCost);
        at += Cell(span[at..], 1, row.ValidationCost);
        at += Cell(span[at..], 2, row.Metric);
        at += Cell(span[at..], 3, row.LearningRate);
        at += Cell(span[at..], 4, row.Seconds);
        return span[..at];
    }

    // Column `column`'s cell: the previous line's when the value's bits repeat, else spelled and remembered.
    private int Cell(Span<char> span, int column, double? value)
    {
        long? bits = value is { } v ? BitConverter.DoubleToInt64Bits(v) : null;
        var last = lastCells.AsSpan(column * CellLength, CellLength);
        if (known[column] && lastBits[column] == bits)
        {
            last[..lastLengths[column]].CopyTo(span);
            return lastLengths[column];
        }
        int length = Spell(span, value);
        span[..length].CopyTo(last);
        (lastBits[column], lastLengths[column], known[column]) = (bits, length, true);
        return length;
    }

    // A comma, then the value as pandas' read_csv reads it (nan, inf, -inf, empty for unknown, else round-trip "R").
    private static int Spell(Span<char> span, double? value)
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
