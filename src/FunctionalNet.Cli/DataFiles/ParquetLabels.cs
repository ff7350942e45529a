using System.Globalization;
using FunctionalNet.Data;
using FunctionalNet.Data.Loading;
using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet.Cli.DataFiles;

/// <summary>
/// A Parquet label column gathered row group by row group: each distinct text once and 4 bytes a row (its first-seen
/// id), so a streamed table holds no more than CSV's; at the end the classes in CSV's order (numbers by value, else
/// ordinally), or a regression's values.
/// </summary>
internal sealed class ParquetLabels
{
    private readonly Dictionary<string, int> ids = new(StringComparer.Ordinal);
    private readonly List<string> texts = [];
    private readonly List<int> rows = [];

    /// <summary>One row group's labels (nothing for a table without a label column).</summary>
    public void Add(string[]? labels)
    {
        foreach (var label in labels ?? [])
        {
            if (!ids.TryGetValue(label, out int id))
            {
                ids[label] = id = texts.Count;
                texts.Add(label);
            }
            rows.Add(id);
        }
    }

    /// <summary>The targets of the <paramref name="count"/> rows as <paramref name="options"/>' task reads them from the label column <paramref name="column"/>.</summary>
    public Either<CliError, Targets> Targets(CsvOptions options, string path, string column, int count)
    {
        switch (options.Task)
        {
            case CsvTask.Unlabelled:
                return new NoTargets(count);
            case CsvTask.Regression:
                return new ValueTargets(Matrix<double>.Create(count, 1, [.. rows.Select(id => double.Parse(texts[id], CultureInfo.InvariantCulture))]), [column], false);
        }
        var classes = Classes(texts);
        if (classes.Length < 2 && !options.AllowSingleClass)
            return ParquetFiles.Fail("parquet.single-class", $"data file {path}, column \"{column}\": expected at least 2 classes for classification, found only \"{classes[0]}\" in all {count} rows");
        var index = classes.Select((c, k) => (c, k)).ToDictionary(p => p.c, p => p.k, StringComparer.Ordinal);
        var order = texts.Select(t => index[t]).ToArray();
        return new ClassTargets([.. rows.Select(id => order[id])], [.. classes]);
    }

    // Sorted numerically when every label is a number, else ordinally: CSV's order.
    private static string[] Classes(List<string> distinct)
    {
        bool numeric = distinct.All(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        return numeric
            ? [.. distinct.OrderBy(s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture)).ThenBy(s => s, StringComparer.Ordinal)]
            : [.. distinct.OrderBy(s => s, StringComparer.Ordinal)];
    }
}
