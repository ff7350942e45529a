using FunctionalNet.Data;
using FunctionalNet.Data.Loading;
using LanguageExt;

namespace FunctionalNet.Cli.DataFiles;

/// <summary>Opens CSV files and turns the loader's located errors into one line (the first, and how many more).</summary>
internal static class CsvFiles
{
    public static Either<CliError, Dataset> Load(string path, CsvOptions options) => DataSource.Use(path, "data file", source => Read(source, options));

    /// <summary>The CSV table an opened file holds.</summary>
    public static Either<CliError, Dataset> Read(DataSource source, CsvOptions options) =>
        CsvLoader.Load(source.Stream, source.Path, options).Match(
            Succ: d => LanguageExt.Prelude.Right<CliError, Dataset>(d),
            Fail: errors => new CliError(errors.Count == 1
                ? errors.Head
                : errors.Head with { Message = $"{errors.Head.Message} (and {errors.Count - 1} more problem(s))" }));
}
