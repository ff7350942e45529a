using FunctionalNet.Cli.Storage;
using FunctionalNet.Data;
using FunctionalNet.Data.Loading;
using LanguageExt;

namespace FunctionalNet.Cli.DataFiles;

/// <summary>Opens CSV files and turns the loader's located errors into one line (the first, and how many more).</summary>
internal static class CsvFiles
{
    public static Either<CliError, Dataset> Load(string path, CsvOptions options) =>
        from stream in Files.Open(path, "data file")
        from data in Read(stream, path, options)
        select data;

    private static Either<CliError, Dataset> Read(Stream stream, string path, CsvOptions options)
    {
        using (stream)
        {
            return Files.Guard<Dataset>(path, "data file", () => CsvLoader.Load(stream, path, options).Match(
                Succ: d => LanguageExt.Prelude.Right<CliError, Dataset>(d),
                Fail: errors => new CliError(errors.Count == 1
                    ? errors.Head
                    : errors.Head with { Message = $"{errors.Head.Message} (and {errors.Count - 1} more problem(s))" })));
        }
    }
}
