using System.CommandLine;
using FunctionalNet.Plots;

namespace FunctionalNet.Cli.Options;

/// <summary><c>--plots DIR</c> and <c>--plot-format</c> of the commands that draw pictures of a saved model (evaluate, importance).</summary>
internal sealed class PlotOptions
{
    public Option<string?> Dir { get; } = new("--plots") { Description = "Also draw the pictures into this directory (created if missing)" };

    public Option<string> Format { get; } = new("--plot-format") { Description = "Format of the pictures: svg or png", DefaultValueFactory = _ => "svg" };

    public void AddTo(Command command)
    {
        command.Add(Dir);
        command.Add(Format);
    }

    /// <summary>Where and how to draw, or none when <c>--plots</c> is not given; an unknown format is a one-line error.</summary>
    public LanguageExt.Either<CliError, LanguageExt.Option<PictureTarget>> Read(ParseResult r)
    {
        string? dir = r.GetValue(Dir);
        string name = r.GetValue(Format)!.Trim();
        if (Plot.ParseFormat(name) is not PlotFormat format)
            return new CliError(new Error("plots.format", $"--plot-format '{name}' is not one of svg, png"));
        if (dir is not null && dir.Trim().Length == 0) return new CliError(new Error("plots.dir", "--plots needs a directory name"));
        return dir is null ? LanguageExt.Option<PictureTarget>.None : LanguageExt.Option<PictureTarget>.Some(new PictureTarget(dir, format));
    }
}

/// <summary>A directory to draw pictures in, and their format.</summary>
internal sealed record PictureTarget(string Dir, PlotFormat Format);
