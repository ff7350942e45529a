using System.Globalization;

namespace FunctionalNet.Cli.Options;

/// <summary>Each optimizer's default learning rate for <c>fnet train</c> (the catalog's), and when a given rate is far outside its usual range.</summary>
internal static class LearningRates
{
    /// <summary>A rate more than this many times an optimizer's default draws a warning.</summary>
    public const double AboveFactor = 100;

    /// <summary>A rate less than the default divided by this draws a warning.</summary>
    public const double BelowFactor = 1000;

    /// <summary>The rate an optimizer uses when --lr is not given, or null when it takes none.</summary>
    public static double? Default(string optimizer) => Catalog.Optimizer(optimizer).Case is OptimizerEntry e ? e.DefaultLearningRate : null;

    /// <summary>The defaults as --help lists them.</summary>
    public static string Describe() =>
        string.Join(", ", Catalog.Optimizers.Where(o => o.DefaultLearningRate is not null).Select(o => $"{o.Name} {F(o.DefaultLearningRate!.Value)}"))
        + "; " + Catalog.Names(Catalog.Optimizers.Where(o => o.DefaultLearningRate is null)) + " take none";

    /// <summary>One warning line (without the <c>fnet: </c> prefix) when <paramref name="given"/> is far from the optimizer's usual rates.</summary>
    public static string? Warning(string optimizer, double? given)
    {
        if (given is not { } rate) return null;
        if (Default(optimizer) is not { } usual) return $"warning: --lr {F(rate)} is ignored: {optimizer} takes no learning rate";
        if (rate > AboveFactor * usual)
            return $"warning: --lr {F(rate)} is far above {optimizer}'s usual range (default {F(usual)}, more than {F(AboveFactor)}× it); expect divergence or a poor model";
        if (rate < usual / BelowFactor)
            return $"warning: --lr {F(rate)} is far below {optimizer}'s usual range (default {F(usual)}, less than 1/{F(BelowFactor)} of it); expect training to barely move";
        return null;
    }

    private static string F(double v) => v.ToString(CultureInfo.InvariantCulture);
}
