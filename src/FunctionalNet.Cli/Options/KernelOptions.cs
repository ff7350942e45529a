using System.CommandLine;

namespace FunctionalNet.Cli.Options;

/// <summary><c>fnet train --kernels exact|fast</c>: whether the fused narrow-network gradient's own rounding is allowed.</summary>
internal static class KernelOptions
{
    public static Option<string> Kernels { get; } = new("--kernels")
    {
        Description = "Which gradient kernels training may take: fast (any; narrow networks take a fused kernel that rounds differently) or exact (the same bits as the library's pure functions, Network.CostAndGradient folded with the optimizer's update); both give the same bits at every thread count",
        DefaultValueFactory = _ => "fast",
    };

    /// <summary><paramref name="settings"/> with the kernel choice given, or the one-line refusal of an unknown one.</summary>
    public static LanguageExt.Either<CliError, TrainSettings> Into(ParseResult r, TrainSettings settings)
    {
        string kernels = r.GetValue(Kernels)!.Trim().ToLowerInvariant();
        return MlpOptions.KernelsProblem(kernels) is { } problem
            ? new CliError(new Error("options.kernels", "--kernels " + problem))
            : settings with { Kernels = kernels };
    }
}
