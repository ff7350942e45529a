using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using FunctionalNet.Tensors;
using LanguageExt;
using static LanguageExt.Prelude;

namespace FunctionalNet.Data.Loading;

/// <summary>
/// The state of one CSV read. Allocated per call by <see cref="CsvLoader"/> and never shared, so its buffers
/// are mutated in place while the loader stays pure. Features go straight into a <see cref="RowBuffer{T}"/> in
/// precision <typeparamref name="T"/>; a row of plain numbers takes the fast path (<see cref="FastRow"/>), and
/// any other row (quotes, bad cells, wrong width) the strict one, which names what is wrong. Given a
/// <paramref name="sink"/> (made once the width is known, told the header's feature names when the first line is one),
/// the rows go there instead and only the table's shape is kept.
/// </summary>
internal sealed class CsvReading<T>(TextReader reader, string source, CsvOptions options, (int Lines, long Bytes) shape = default,
    Func<int, ImmutableArray<string>, IFeatureSink<T>>? sink = null) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly List<Error> errors = [];
    private readonly List<CsvField> fields = [];
    private readonly CsvLines lines = new(reader);
    private IFeatureSink<T> features = null!;
    private RowBuffer<T>? buffer;
    private readonly List<int> classIds = [];
    private readonly Dictionary<string, int> classIndex = new(StringComparer.Ordinal);
    private readonly List<double> values = [];
    private int line, firstLine, width, labelIndex = -1, rows;
    private char delimiter;
    private bool fast;
    private string[]? names;
    private string[]? firstCells;

    /// <summary>The table in memory (the rows kept in a buffer).</summary>
    public Validation<Error, Dataset> Run() =>
        Read().Map(t => Dataset.Stored(buffer!.ToMatrix(t.SkippedRows), t.Targets, t.FeatureNames));

    /// <summary>The table's shape and targets, its rows handed to the sink (or kept in the buffer <see cref="Run"/> reads).</summary>
    public Validation<Error, CsvTable> Read()
    {
        string? first = NextLine();
        if (first is null)
            return Fail("csv.empty", $"{source}, line 1, column 1: expected a header or data rows, found an empty file");
        firstLine = line;
        delimiter = options.Delimiter ?? CsvLine.DetectDelimiter(first);
        if (CsvLine.Split(first, delimiter, fields) is { } problem)
            return Fail("csv.quote", $"{Where(problem.Column)}: {problem.Problem}");
        width = fields.Count;
        // The fast path skips spaces around numbers, so a space (or anything that can be part of a number) must not delimit.
        fast = ",;\t|".Contains(delimiter, StringComparison.Ordinal);
        if (ResolveLabel(first) is { } labelError) return Fail(labelError);
        if (width - (labelIndex >= 0 ? 1 : 0) == 0)
            return Fail("csv.no-features", $"{source}, line {line}: expected at least one feature column besides the label, found {width} column(s)");
        bool header = IsHeader(first);
        int featureCount = width - (labelIndex >= 0 ? 1 : 0);
        // A row of w fields takes at least 2w bytes with its delimiters and line end, so a hostile count of blank
        // lines cannot make the buffer larger than the file could fill.
        long expected = Math.Min(shape.Lines - (header ? 1 : 0), shape.Bytes / (2 * width));
        if (header) names = [.. fields.Select(f => f.Text(first).Trim().ToString())];
        features = sink?.Invoke(featureCount, FeatureNames()) ?? (buffer = new RowBuffer<T>(featureCount, (int)Math.Max(0, expected)));
        if (!header)
        {
            firstCells = [.. fields.Select(f => f.Text(first).Trim().ToString())];
            Row(first);
        }
        while (errors.Count < options.MaxErrors && NextLine(out var text)) Row(text);
        if (errors.Count >= options.MaxErrors && NextLine(out _))
            errors.Add(new Error("csv.too-many-errors", $"{source}, line {line}: stopped reading after {errors.Count} errors"));
        return Finish();
    }

    // Next non-blank line, counting every physical line so messages point at the right one.
    private string? NextLine() => NextLine(out var text) ? text.ToString() : null;

    private bool NextLine(out ReadOnlySpan<char> text)
    {
        while (lines.Next(out text))
        {
            line++;
            if (!text.IsWhiteSpace()) return true;
        }
        return false;
    }

    private Error? ResolveLabel(string first)
    {
        if (options.Task == CsvTask.Unlabelled) return null;
        switch (options.Label)
        {
            case LabelColumn.AtIndex(int index):
                labelIndex = index < 0 ? width + index : index;
                if (labelIndex < 0 || labelIndex >= width)
                    return new Error("csv.label-column", $"{source}, line {line}: expected the label column index {index} within the {width} columns, found no such column");
                return null;
            case LabelColumn.ByName(string name):
                if (options.HasHeader == false)
                    return new Error("csv.label-column", $"{source}: the label column is named \"{name}\", which needs a header, but the header is turned off");
                var headers = fields.Select(f => f.Text(first).Trim().ToString()).ToList();
                labelIndex = headers.IndexOf(name);
                if (labelIndex < 0) labelIndex = headers.FindIndex(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
                if (labelIndex < 0)
                    return new Error("csv.label-column", $"{source}, line {line}: expected a column named \"{name}\", found {string.Join(", ", headers.Select(h => $"\"{h}\""))}");
                return null;
            default:
                throw new System.Diagnostics.UnreachableException($"unknown label column {options.Label}");
        }
    }

    // A header has a cell that cannot be a value of its column: a non-number among the features, or for regression as the target.
    private bool IsHeader(string first)
    {
        if (options.HasHeader is { } given) return given;
        if (options.Label is LabelColumn.ByName) return true;
        for (int c = 0; c < width; c++)
        {
            if (c == labelIndex && options.Task == CsvTask.Classification) continue;
            if (!double.TryParse(fields[c].Text(first), NumberStyles.Float, CultureInfo.InvariantCulture, out _)) return true;
        }
        return false;
    }

    private void Row(ReadOnlySpan<char> text)
    {
        if (fast && FastRow(text)) return;
        Row(text.ToString());
    }

    // A row of plain numbers (and a label) parsed in place; false, with nothing kept, for anything the strict path must judge.
    private bool FastRow(ReadOnlySpan<char> text)
    {
        if (text.Contains('"')) return false;
        var row = features.Next();
        int at = 0, f = 0, labelStart = 0, labelEnd = 0;
        for (int c = 0; c < width; c++)
        {
            if (at > text.Length) return false; // fewer fields than the first line
            if (c == labelIndex)
            {
                int end = text[at..].IndexOf(delimiter);
                (labelStart, labelEnd) = (at, end < 0 ? text.Length : at + end);
                at = labelEnd + 1;
                continue;
            }
            // A value past the working precision's range goes the slow way, which names it.
            if (!CsvNumber.TryRead(text, ref at, delimiter, out double value) || T.IsInfinity(T.CreateTruncating(value))) return false;
            row[f++] = T.CreateTruncating(value);
        }
        if (at <= text.Length) return false; // more fields than the first line
        if (labelIndex >= 0)
        {
            var label = text[labelStart..labelEnd];
            if (options.Task == CsvTask.Regression)
            {
                int start = 0;
                if (!CsvNumber.TryRead(label, ref start, delimiter, out double value)) return false;
                values.Add(value);
            }
            else
            {
                label = label.Trim();
                if (label.IsEmpty) return false;
                ClassOf(label, labelIndex);
            }
        }
        features.Commit();
        rows++;
        return true;
    }

    private void Row(string text)
    {
        if (CsvLine.Split(text, delimiter, fields) is { } problem)
        {
            errors.Add(new Error("csv.quote", $"{Where(problem.Column)}: {problem.Problem}"));
            return;
        }
        if (fields.Count != width)
        {
            errors.Add(new Error("csv.ragged-row",
                $"{Where(Math.Min(fields.Count, width) + 1)}: expected {width} fields (as on line {firstLine}), found {fields.Count}"));
            return;
        }
        var row = features.Next();
        int f = 0;
        for (int c = 0; c < width && errors.Count < options.MaxErrors; c++)
        {
            var cell = fields[c].Text(text).Trim();
            if (c != labelIndex) row[f++] = Feature(cell, c);
            else if (options.Task == CsvTask.Regression) values.Add(Number(cell, c));
            else ClassOf(cell, c);
        }
        features.Commit();
        rows++;
    }

    // A feature in the working precision: a finite double past float's range is named here rather than stored as ∞.
    private T Feature(ReadOnlySpan<char> cell, int column) => T.CreateTruncating(Number<T>(cell, column));

    private double Number(ReadOnlySpan<char> cell, int column) => Number<double>(cell, column);

    // A cell as a number that precision P holds; anything else is an error (FeatureValue's, shared with Parquet), and 0.
    private double Number<P>(ReadOnlySpan<char> cell, int column) where P : unmanaged, System.Numerics.IFloatingPointIeee754<P>
    {
        bool parsed = double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value);
        if (parsed && FeatureValue.Fits<P>(value)) return value;
        errors.Add(parsed || IsNonFiniteSpelling(cell)
            ? FeatureValue.Problem<P>(parsed ? value : double.NaN, "csv", Where(column + 1), Show(cell))!
            : new Error("csv.non-numeric", $"{Where(column + 1)}: expected a number, found {Show(cell)}"));
        return 0;
    }

    private void ClassOf(ReadOnlySpan<char> cell, int column)
    {
        if (cell.IsEmpty)
        {
            errors.Add(new Error("csv.empty-label", $"{Where(column + 1)}: expected a class label, found an empty cell"));
            return;
        }
        var lookup = classIndex.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(cell, out int id))
        {
            id = classIndex.Count;
            classIndex.Add(cell.ToString(), id);
        }
        classIds.Add(id);
    }

    private Validation<Error, CsvTable> Finish()
    {
        if (errors.Count > 0) return Validation<Error, CsvTable>.Fail(errors.ToSeq());
        int skip = FirstRowWasAHeader() ? DropFirstRow() : 0;
        if (rows == 0)
            return Fail("csv.header-only", $"{source}, line {firstLine}: expected data rows after the header, found only the header");
        var featureNames = FeatureNames();
        string labelName = names is not null && labelIndex >= 0 ? names[labelIndex] : "label";
        switch (options.Task)
        {
            case CsvTask.Unlabelled:
                return new CsvTable(skip, rows, featureNames, new NoTargets(rows));
            case CsvTask.Regression:
                return new CsvTable(skip, rows, featureNames, new ValueTargets(Matrix<double>.Own(rows, 1, [.. values]), [labelName], false));
        }
        var (classNames, remap) = ClassOrder.Of([.. classIndex.OrderBy(p => p.Value).Select(p => p.Key)]);
        if (classNames.Length < 2 && !options.AllowSingleClass)
            return Fail("csv.single-class",
                $"{source}, column {labelIndex + 1} (\"{labelName}\"): expected at least 2 classes for classification, found only {Show(classNames[0])} in all {rows} rows");
        // The labels array becomes the targets' own (no immutable copy: a streamed cache of 75 M rows held 300 MB more).
        var labels = new int[rows];
        for (int i = 0; i < rows; i++) labels[i] = remap[classIds[i]];
        return new CsvTable(skip, rows, featureNames, new ClassTargets(ImmutableCollectionsMarshal.AsImmutableArray(labels), [.. classNames]));
    }

    // The header's feature names (an empty one is its placeholder), or default while no header is known.
    private ImmutableArray<string> FeatureNames() => names is null
        ? default
        : [.. names.Where((_, c) => c != labelIndex).Select((n, c) => n.Length > 0 ? n : "x" + c.ToString(CultureInfo.InvariantCulture))];

    // A header with numeric feature names ("0,1,…,label") looks like data with a text label. It shows itself at the end:
    // its label occurs once and is not a plausible label of the rest, because every other label is a number, or
    // because its feature cells are the column positions 0…k−1 or 1…k (pandas' names for unnamed columns). Only
    // guessed headers are revisited.
    private bool FirstRowWasAHeader()
    {
        if (options.HasHeader is not null || firstCells is null || options.Task != CsvTask.Classification || rows < 2) return false;
        int first = classIds[0];
        string firstLabel = classIndex.First(p => p.Value == first).Key;
        if (IsNumber(firstLabel) || classIds.Count(id => id == first) != 1) return false;
        return classIndex.Keys.Where(k => k != firstLabel).All(IsNumber) || NamesColumnPositions(firstCells);
    }

    private bool NamesColumnPositions(string[] cells)
    {
        var positions = cells.Where((_, c) => c != labelIndex)
            .Select(t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN).ToArray();
        return positions.Select((v, j) => v == j).All(b => b) || positions.Select((v, j) => v == j + 1).All(b => b);
    }

    // Returns the number of feature rows to leave out (one), which the row buffer drops when it makes the matrix.
    private int DropFirstRow()
    {
        int first = classIds[0];
        names = firstCells;
        classIds.RemoveAt(0);
        classIndex.Remove(classIndex.First(p => p.Value == first).Key);
        // Ids stay dense: the last id takes the removed one's place.
        var moved = classIndex.FirstOrDefault(p => p.Value == classIndex.Count);
        if (moved.Key is not null)
        {
            classIndex[moved.Key] = first;
            for (int i = 0; i < classIds.Count; i++) if (classIds[i] == classIndex.Count) classIds[i] = first;
        }
        rows--;
        return 1;
    }

    // When every label is a finite number, classes are numbers compared by value: "1", "1.0" and "1e0" become one class
    // named by its shortest round-trip form ("1"); ids stay dense in first-seen order.
    private static bool IsNumber(string text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private string Where(int column) =>
        $"{source}, line {line}, column {column}" + (names is not null && column - 1 < names.Length ? $" (\"{names[column - 1]}\")" : "");

    private static bool IsNonFiniteSpelling(ReadOnlySpan<char> cell)
    {
        var t = cell.TrimStart("+-");
        return t.Equals("inf", StringComparison.OrdinalIgnoreCase) || t.Equals("infinity", StringComparison.OrdinalIgnoreCase)
            || t.Equals("nan", StringComparison.OrdinalIgnoreCase);
    }

    private static string Show(ReadOnlySpan<char> cell) =>
        cell.IsEmpty ? "an empty cell" : cell.Length <= 40 ? $"\"{cell}\"" : $"\"{cell[..40]}…\"";

    private static Validation<Error, CsvTable> Fail(string code, string message) => Fail(new Error(code, message));

    private static Validation<Error, CsvTable> Fail(Error error) => Validation<Error, CsvTable>.Fail(Seq1(error));
}
