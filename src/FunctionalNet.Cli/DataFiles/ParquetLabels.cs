using System.Globalization;
using FunctionalNet.Data;
using FunctionalNet.Data.Loading;
using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet.Cli.DataFiles;

/// <summary>
/// A Parquet label column gathered row group by row group: each distinct text once and 4 bytes a row (its first-seen
/// id), so a streamed table holds no more than CSV's; at the end the classes by <see cref="ClassOrder"/>, as
/// CSV's, or a regression's values.
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
        var (classes, order) = ClassOrder.Of(texts);
        if (classes.Length < 2 && !options.AllowSingleClass)
            return ParquetFiles.Fail("parquet.single-class", $"data file {path}, column \"{column}\": expected at least 2 classes for classification, found only \"{classes[0]}\" in all {count} rows");
        return new ClassTargets([.. rows.Select(id => order[id])], classes);
    }
}
