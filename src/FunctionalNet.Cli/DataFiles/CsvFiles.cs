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
            Fail: errors => OneLine(errors));

    /// <summary>A loader's errors as one line: the first, advised, and how many more.</summary>
    public static CliError OneLine(Seq<Error> errors) => new(errors.Count == 1
        ? Advised(errors.Head)
        : Advised(errors.Head) with { Message = $"{Advised(errors.Head).Message} (and {errors.Count - 1} more problem(s))" });

    /// <summary>A loader's error with the way out added where there is one: only --dtype float32 reads features as float (CSV or Parquet).</summary>
    public static Error Advised(Error error) =>
        error.Code.EndsWith(".precision", StringComparison.Ordinal) ? error with { Message = error.Message + "; train with --dtype float64" } : error;
}
