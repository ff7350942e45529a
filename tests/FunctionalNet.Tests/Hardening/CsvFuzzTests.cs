using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FunctionalNet.Data.Loading;
using Xunit.Abstractions;

namespace FunctionalNet.Tests.Hardening;

/// <summary>
/// The CSV loader under attack: about 10,000 hostile files under varied options, each of which must give a data
/// set or error values — never an exception, a hang or an allocation beyond <see cref="Hostile"/>'s bound.
/// </summary>
public class CsvFuzzTests(ITestOutputHelper output)
{
    private const int Timeout = 60_000;

    private static readonly CsvOptions[] Options =
    [
        CsvOptions.Default,
        new() { HasHeader = true },
        new() { HasHeader = false, Delimiter = ';' },
        new() { Label = LabelColumn.At(0) },
        new() { Label = LabelColumn.At(-2), Task = CsvTask.Regression },
        new() { Label = LabelColumn.At(7) },
        new() { Label = LabelColumn.Named("label") },
        new() { Label = LabelColumn.Named("label"), HasHeader = false },
        new() { Task = CsvTask.Unlabelled },
        new() { Task = CsvTask.Regression, MaxErrors = 1 },
        new() { Delimiter = '\t', MaxErrors = 1000 },
    ];

    private static Func<byte[], bool> Load(int option) => bytes =>
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return CsvLoader.Load(stream, "x.csv", Options[option % Options.Length]).IsSuccess;
    };

    private static Gen<byte[]> Valid =>
        from rows in Gen.Choose(1, 8)
        from cols in Gen.Choose(1, 4)
        from cells in Gen.Choose(-999, 999).Select(v => (v / 8.0).ToString(CultureInfo.InvariantCulture)).ArrayOf(rows * cols)
        from labels in Gen.Elements("0", "1", "a", "b", "\"c,d\"").ArrayOf(rows)
        select Encoding.UTF8.GetBytes(string.Join(",", Enumerable.Range(0, cols).Select(c => "x" + c).Append("label")) + "\n"
            + string.Concat(Enumerable.Range(0, rows).Select(r => string.Join(",", cells.Skip(r * cols).Take(cols).Append(labels[r])) + "\n")));

    private static Gen<byte[]> HostileTables =>
        from rows in Gen.Choose(0, 6)
        from cells in Gen.Elements("1", "-0", "2.5", "1e308", "1e309", "-1e-320", "NaN", "inf", "-Infinity", "", " ", "\"", "\"\"", "\"a\"\"b\"",
            "\"1\" x", "a", " 2 ", "0x10", "1,5", "\"1;2\"", "label", "١", "\u00A0", "\uFEFF1").ArrayOf()
        from widths in Gen.Choose(1, 5).ArrayOf(rows + 1)
        from delimiter in Gen.Elements(",", ";", "\t", "|")
        from newline in Gen.Elements("\n", "\r\n", "\r", "\n\n")
        select Encoding.UTF8.GetBytes(string.Concat(widths.Select((w, r) =>
            string.Join(delimiter, Enumerable.Range(0, w).Select(c => cells.Length == 0 ? "0" : cells[(r * 5 + c) % cells.Length])) + newline)));

    [Fact(Timeout = Timeout)]
    public Task Random_text_and_bytes_under_every_option() => Run(() =>
    {
        var text = Mutations.RandomText("0123456789.,;\t|\"\n\r -+eEaNi", 200);
        for (int o = 0; o < Options.Length; o++)
            Report($"random text, options {o}", Hostile.Check(text, Load(o), 200));
        Report("random bytes", Hostile.Check(Mutations.RandomBytes(200), Load(0), 500));
    });

    [Fact(Timeout = Timeout)]
    public Task Truncated_flipped_and_invalid_utf8_tables() => Run(() =>
    {
        Report("truncated", Hostile.Check(Mutations.Truncated(Valid), Load(0), 1000));
        Report("flipped", Hostile.Check(Mutations.Flipped(Valid), Load(0), 1500));
        Report("flipped, named label", Hostile.Check(Mutations.Flipped(Valid), Load(6), 500));
        Report("invalid UTF-8", Hostile.Check(Mutations.InvalidUtf8(Valid, b => (0, b.Length)), Load(0), 500));
        Assert.True(Hostile.Check(Valid, Load(0), 200).Accepted > 150, "most unmutated tables (two or more classes) must be accepted");
    });

    [Fact(Timeout = Timeout)]
    public Task Tables_of_hostile_cells_ragged_rows_and_odd_line_breaks() => Run(() =>
    {
        int accepted = 0;
        for (int o = 0; o < Options.Length; o++)
        {
            var tally = Hostile.Check(HostileTables, Load(o), 300);
            accepted += tally.Accepted;
            Report($"hostile table, options {o}", tally);
        }
        Assert.True(accepted > 0, "some hostile tables are still valid tables");
    });

    [Fact(Timeout = Timeout)]
    public Task One_enormous_line_and_a_forward_only_stream() => Run(() =>
    {
        var huge =
            from cells in Gen.Choose(1000, 20_000)
            from quoted in Gen.Elements(true, false)
            select Encoding.UTF8.GetBytes((quoted ? "\"" : "") + string.Join(",", Enumerable.Repeat("1", cells)) + "\n1,2\n");
        Report("enormous line", Hostile.Check(huge, Load(0), 50));
        Report("forward-only stream", Hostile.Check(Mutations.Flipped(Valid), bytes =>
        {
            using var stream = new ForwardOnlyStream(bytes);
            return CsvLoader.Load(stream, "pipe").IsSuccess;
        }, 500));
    });

    private void Report(string what, Tally tally) => output.WriteLine($"csv, {what}: {tally}");

    private static Task Run(Action test) => Task.Run(test);
}
