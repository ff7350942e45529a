using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Cli.Training;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// The per-epoch bookkeeping of <c>fnet train</c> made cheap without changing what it records: the CSV line spelled into
/// a reused buffer (and through <see cref="HistoryFormat.Line"/>) reads back as its row, bit for bit, in the spelling
/// pandas reads, and the cost history grown in place holds what the start's history and the added epochs make.
/// </summary>
public partial class HistoryLineTests
{
    // Unknown, any double (NaN, infinities, subnormals and the extremes among them) or a normal one.
    private static readonly Gen<double?> Value = Gen.OneOf(Gen.Constant<double?>(null),
        ArbMap.Default.GeneratorFor<double>().Select(d => (double?)d),
        ArbMap.Default.GeneratorFor<NormalFloat>().Select(d => (double?)d.Get),
        Gen.Elements<double?>(double.MaxValue, double.MinValue, double.Epsilon, -double.Epsilon, -0.0, 0.1 + 0.2, 1e15, 1e16, 123456789012345680.0));

    private static readonly Gen<HistoryRow> Row =
        from epoch in ArbMap.Default.GeneratorFor<int>()
        from cost in Value
        from v in Value
        from m in Value
        from lr in Value
        from s in Value
        select new HistoryRow(epoch, cost ?? double.NaN, v, m, lr, s);

    [Property(MaxTest = 200)]
    public Property A_csv_line_reads_back_as_its_row_and_spells_values_as_pandas_reads_them() => Prop.ForAll(Gen.ArrayOf(Row).ToArbitrary(), rows =>
    {
        // One buffer for every row, as the log reuses it epoch after epoch; the format's own Line (restored rows) too.
        var line = new HistoryLine();
        var format = new HistoryFormat("csv");
        return rows.All(row =>
        {
            string buffered = line.Csv(row).ToString();
            return Same(format.Parse(buffered), row) && Same(format.Parse(format.Line(row, "accuracy")), row)
                && buffered.Split(',').Skip(1).All(cell => cell is "" or "nan" or "inf" or "-inf" || Number().IsMatch(cell));
        });
    });

    [Property(MaxTest = 200)]
    public Property A_cell_repeating_the_previous_lines_value_is_spelled_as_a_fresh_line_spells_it() => Prop.ForAll(
        (from pool in Gen.ArrayOf(Value, 3).Select(p => p.Append(-0.0).Append(0.0).ToArray())
         from rows in Gen.ArrayOf(from epoch in Gen.Choose(0, 3) from cells in Gen.ArrayOf(Gen.Elements(pool), 5)
                                  select new HistoryRow(epoch, cells[0] ?? double.NaN, cells[1], cells[2], cells[3], cells[4]))
         select rows).ToArbitrary(),
        rows =>
        {
            // Values drawn from a small pool (−0 and +0 among them, same value, other bits) repeat from line to line, as a constant rate does.
            var reused = new HistoryLine();
            return rows.All(row => reused.Csv(row).ToString() == new HistoryLine().Csv(row).ToString());
        });

    // What read_csv takes for a number: digits, a point and an exponent, no NaN/Infinity words, no culture's separators.
    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]+)?(E[+-][0-9]+)?$")]
    private static partial Regex Number();

    // Field for field, doubles by their bits (so −0 and NaN count).
    private static bool Same(HistoryRow? read, HistoryRow row) =>
        read is not null && read.Epoch == row.Epoch && Bits(read.TrainCost) == Bits(row.TrainCost) && Bits(read.ValidationCost) == Bits(row.ValidationCost)
        && Bits(read.Metric) == Bits(row.Metric) && Bits(read.LearningRate) == Bits(row.LearningRate) && Bits(read.Seconds) == Bits(row.Seconds);

    private static long? Bits(double? value) => value is { } v ? BitConverter.DoubleToInt64Bits(v) : null;

    [Property(MaxTest = 100)]
    public Property The_grown_cost_history_is_the_start_and_the_added_epochs() => Prop.ForAll(
        (from before in Gen.ArrayOf(ArbMap.Default.GeneratorFor<double>())
         from beforeValidation in Gen.ArrayOf(ArbMap.Default.GeneratorFor<double>())
         from added in Gen.ArrayOf(from t in ArbMap.Default.GeneratorFor<double>() from v in Value select (t, v))
         select (before, beforeValidation, added)).ToArbitrary(),
        c =>
        {
            var (before, beforeValidation, added) = c;
            var buffer = new CostBuffer(new CostHistory([.. before], [.. beforeValidation]));
            foreach (var (t, v) in added) buffer.Add(t, v);
            double[] training = [.. before, .. added.Select(a => a.t)];
            double[] validation = [.. beforeValidation, .. added.Where(a => a.v is not null).Select(a => a.v!.Value)];
            var history = buffer.ToHistory();
            return training.SequenceEqual(buffer.Training) && validation.SequenceEqual(buffer.Validation)
                && training.SequenceEqual(history.Training) && validation.SequenceEqual(history.Validation);
        });
}
