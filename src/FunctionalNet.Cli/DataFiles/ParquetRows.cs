using System.Collections.Immutable;
using System.Numerics;
using FunctionalNet.Data.Loading;
using FunctionalNet.IO;
using LanguageExt;
using Parquet;

namespace FunctionalNet.Cli.DataFiles;

/// <summary>
/// An opened Parquet file read one row group at a time into a cache's row sink (<see cref="ITableRows"/>): memory holds
/// that row group's columns and 4 bytes a row of label, whatever the file's size. The columns are chosen and checked, and
/// every value refused, as <see cref="ParquetFiles"/> loads them (its <see cref="ParquetFiles.Columns"/> and
/// <see cref="ParquetFiles.Group"/>), so the rows, targets and one-line errors are the loaded table's.
/// </summary>
internal sealed class ParquetRows(ParquetReader reader, Stream stream, (long File, int Footer) size, string path) : ITableRows
{
    public Validation<Error, CsvTable> Read<T>(CsvOptions options, Func<int, ImmutableArray<string>, IFeatureSink<T>> sink) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Either<CliError, CsvTable> read;
        try
        {
            // Parquet.Net reads asynchronously; fnet runs it to completion on this thread, as ParquetFiles.Open does.
            read = Rows(options, sink).GetAwaiter().GetResult();
        }
        catch (Exception e) when (ParquetFiles.Unreadable(e))
        {
            read = ParquetFiles.NotReadable(path, e);
        }
        return read.Match(Validation<Error, CsvTable>.Success, problem => Validation<Error, CsvTable>.Fail(Prelude.Seq1(problem.Error)));
    }

    private async Task<Either<CliError, CsvTable>> Rows<T>(CsvOptions options, Func<int, ImmutableArray<string>, IFeatureSink<T>> sink) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!ParquetFiles.Columns(reader, stream, size, path, options).TryRight(out var table, out var problem)) return problem;
        var (fields, label, features) = table;
        ImmutableArray<string> names = [.. features.Select(f => f.Name)];
        var rows = sink(features.Length, names);
        var labels = new ParquetLabels();
        long at = 0;
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            // One row group at a time, so never the whole table's estimate: a crafted footer's row count is still refused
            // before its columns are allocated.
            if (!Limits.MemoryEstimate.ParquetTable(path, reader.Metadata!.RowGroups[g].NumRows, features.Length).Fits().TryRight(out _, out problem)) return problem;
            // Checked in the precision rows are read in (a regression reads float64 and the writer checks float32 after, as for CSV).
            var group = await ParquetFiles.Group(reader, g, fields, label, features, at, path, typeof(T) == typeof(float)).ConfigureAwait(false);
            if (!group.TryRight(out var read, out problem)) return problem;
            int count = read.Columns[0].Length;
            for (int r = 0; r < count; r++)
            {
                var row = rows.Next();
                for (int j = 0; j < row.Length; j++) row[j] = T.CreateTruncating(read.Columns[j][r]);
                rows.Commit();
            }
            labels.Add(read.Labels);
            at += count;
        }
        if (at > Array.MaxLength) return ParquetFiles.Fail("parquet.empty", $"data file {path}: {at} rows, more than fnet trains on ({Array.MaxLength})");
        if (!labels.Targets(options, path, label >= 0 ? fields[label].Name : "", (int)at).TryRight(out var targets, out problem)) return problem;
        return new CsvTable(0, (int)at, names, targets);
    }
}
