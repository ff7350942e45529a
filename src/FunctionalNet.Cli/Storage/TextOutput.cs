using System.Text;
using FunctionalNet.IO;

namespace FunctionalNet.Cli.Storage;

/// <summary>Sends a command's text result to stdout, or atomically to a file given with --out.</summary>
internal static class TextOutput
{
    public static LanguageExt.Either<CliError, int> Write(string text, string? path, Terminal terminal)
    {
        if (path is null)
        {
            terminal.Out.Write(text);
            return ExitCode.Ok;
        }
        return Files.Guard<int>(path, "output file", () =>
        {
            AtomicWrite.Write(path, Encoding.UTF8.GetBytes(text));
            return ExitCode.Ok;
        });
    }
}
