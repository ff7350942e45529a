using System.CommandLine;
using System.Globalization;
using FunctionalNet.Cli.Options;
using FunctionalNet.Cli.DataFiles;
using FunctionalNet.Data.Loading;
using FunctionalNet.IO;

namespace FunctionalNet.Cli.Commands;

/// <summary><c>fnet cache</c>: writes a labelled data file (or a built-in set) as a row cache for <c>fnet train</c>.</summary>
internal static class CacheCommand
{
    public static Command Create(Terminal terminal)
    {
        var data = new Option<string>("--data") { Description = "Built-in data set, CSV file, Parquet file, or IDX images with --labels", Required = true };
        var labels = new Option<string?>("--labels") { Description = "IDX label file for IDX images given as --data" };
        var label = new Option<string?>("--label") { Description = "Label column of a CSV file, by name or 0-based index (default: last); a regression may list several target columns, comma-separated (--label a,b)" };
        var task = new Option<string?>("--task") { Description = "classification (class labels, the default) or regression (the --label columns' real values, stored as float64 for fnet train to standardise)" };
        var weightColumn = new Option<string?>("--weight-column") { Description = "A column of per-sample weights (finite, ≥ 0), taken out of the features and stored in the cache for training to weigh the cost with" };
        var output = new Option<string>("--out") { Description = "The cache file to write (.fnetc)", Required = true };
        var dtype = new Option<string>("--dtype") { Description = "Precision the features are stored in: float32 or float64", DefaultValueFactory = _ => "float32" };
        var chunk = new Option<int>("--chunk-rows") { Description = "Rows per chunk: the unit training shuffles and maps at once", DefaultValueFactory = _ => RowCache.DefaultChunkRows };
        var samples = new Option<int>("--samples") { Description = "Points drawn by a generated data set", DefaultValueFactory = _ => 400 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of a generated data set", DefaultValueFactory = _ => 42UL };
        var command = new Command("cache", """
            Writes labelled data once as a row cache (.fnetc: little-endian, checksummed, read by
            'fnet train --data FILE.fnetc', which then trains mini-batch by mini-batch without loading the rows).
            Class labels, or with --task regression real-valued targets (one or several --label columns);
            features that are not finite are refused. With --weight-column the rows' sample weights are stored
            too, and training from the cache weighs the cost with them.
            The rows keep their file order; see docs/formats.md and docs/data.md. Every CSV and Parquet file
            (class labels, regression targets, sample weights) and IDX images are read in one pass (Parquet a
            row group at a time) and written a chunk at a time, holding a chunk of rows and each row's label
            or targets and weight, so they may be larger than memory: 40 MB of CSV or IDX (154 to 320 MB of
            float64 features) caches each way under a 12 MB GC heap, in about 70 MB resident, and 65 MB of
            Parquet under 20 MB. The built-in sets are loaded first.

            Examples:
              fnet cache --data mnist.csv --out mnist.fnetc
              fnet cache --data train-images-idx3-ubyte.gz --labels train-labels-idx1-ubyte.gz --out mnist.fnetc
              fnet train --data mnist.fnetc --optimizer adam --batch-size 128 --epochs 1 --layers 256,128 --dtype float32
              fnet cache --data houses.csv --task regression --label price,rent --out houses.fnetc
            """) { data, labels, label, task, weightColumn, output, dtype, chunk, samples, seed };
        command.SetAction(r =>
        {
            string source = r.GetValue(data)!, path = r.GetValue(output)!, precision = r.GetValue(dtype)!.Trim().ToLowerInvariant();
            int chunkRows = r.GetValue(chunk);
            string? problem = precision is not ("float32" or "float64") ? $"--dtype '{precision}' is not one of float32, float64"
                : chunkRows < 1 ? $"--chunk-rows must be ≥ 1, found {chunkRows}"
                : !RowCacheFile.Named(path) ? $"--out '{path}' must end in .fnetc"
                : r.GetValue(weightColumn) is { } w && (w.Trim().Length == 0 || DataCatalog.IsBuiltIn(source)) ? $"--weight-column names a column of the file given as --data, found '{w}' for '{source}'"
                : r.GetValue(task) is { } t && t is not ("classification" or "regression") ? $"--task '{t}' is not one of classification, regression (a cache holds class labels or real-valued targets)"
                : r.GetValue(task) is "regression" && r.GetValue(labels) is not null ? $"--labels {r.GetValue(labels)} goes with IDX images, but a regression reads its targets from CSV columns (--label)"
                : null;
            bool regression = r.GetValue(task) == "regression" || (r.GetValue(task) is null && RegressionFiles.NamesSeveral(r.GetValue(label)));
            if (problem is not null) return Cli.Finish(new CliError(new Error("options.cache", problem)), terminal);
            bool single = precision == "float32";
            var csv = (r.GetValue(label) is { } l ? CsvOptions.Default with { Label = LabelOption.Column(l) } : CsvOptions.Default) with { SinglePrecision = single };
            // A CSV or Parquet file (whatever its rows carry) and IDX images stream into the cache (bounded memory); built-in sets are loaded first. Reading
            // may block on a FIFO or a slow pipe, where only Interruptible sees Ctrl+C or SIGTERM; the writers poll between blocks.
            if (!DataCatalog.IsBuiltIn(source))
            {
                var columns = new CsvCacheColumns(regression ? RegressionFiles.Columns(r.GetValue(label)) : null, r.GetValue(weightColumn)?.Trim());
                var read = regression ? RegressionFiles.Options(r.GetValue(label)) with { SinglePrecision = single } : csv;
                var streamed = Interruptible.Run(RowCacheWriter.Interrupted(path).Message,
                    () => StreamedCache.Write(source, path, read, columns, r.GetValue(labels), chunkRows, terminal.Cancel), terminal.Cancel);
                if (streamed.Match(header => header.IsSome, _ => true))
                    return Cli.Finish(streamed.Map(header => header.Match(h => Report(terminal, path, h), () => ExitCode.Ok)), terminal);
            }
            return Cli.Finish(
                from loaded in Interruptible.Run(RowCacheWriter.Interrupted(path).Message, () => DataCatalog.IsBuiltIn(source)
                    ? DataCatalog.Load(source, r.GetValue(samples), 0.2, Rng.Create(r.GetValue(seed)).Fork(0)).Map(d => d.Data)
                    : regression ? RegressionFiles.Load(source, r.GetValue(label)) : LabelledFiles.Load(source, r.GetValue(labels), csv), terminal.Cancel)
                from weighted in r.GetValue(weightColumn) is { } column
                    ? WeightColumn.Take(loaded, column.Trim(), source).MapLeft(e => new CliError(e)) : LanguageExt.Prelude.Right<CliError, FunctionalNet.Dataset>(loaded)
                from cacheable in CacheableData.Problem(weighted, source, single, regression) is { } refused ? refused : LanguageExt.Prelude.Right<CliError, FunctionalNet.Dataset>(weighted)
                from header in RowCache.Write(cacheable, path, single, chunkRows, terminal.Cancel)
                    .MapLeft(e => new CliError(e, e.Code == "cache.interrupted" ? ExitCode.Interrupted : ExitCode.BadInput))
                select Report(terminal, path, header), terminal);
        });
        return command;
    }

    private static int Report(Terminal terminal, string path, Formats.RowCacheHeader header)
    {
        terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cached   {header.Rows} rows × {header.Features} features ({header.Dtype}), {header.Classes} {(header.Regression ? (header.Classes == 1 ? "real-valued target" : "real-valued targets") : "classes")}{(header.Weighted ? ", sample weights" : "")}, chunks of {header.ChunkRows} rows"));
        terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote    {path} ({header.FileLength} bytes, sha256 {Convert.ToHexStringLower(header.Checksum.AsSpan())})"));
        return ExitCode.Ok;
    }
}
