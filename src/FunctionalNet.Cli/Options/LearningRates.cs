using System.Globalization;

namespace FunctionalNet.Cli.Options;

/// <summary>Each optimizer's default learning rate for <c>fnet train</c>, and when a given rate is far outside its usual range.</summary>
internal static class LearningRates
{
    /// <summary>A rate more than this many times an optimizer's default draws a warning.</summary>
    public const double AboveFactor = 100;

    /// <summary>A rate less than the default divided by this draws a warning.</summary>
    public const double BelowFactor = 1000;

    /// <summary>The rate an optimizer uses when --lr is not given, or null when it takes none.</summary>
    public static double? Default(string optimizer) => optimizer switch
    {
        "gd" => 0.5, // the moons tutorial's full-batch rate, which the README's first command reproduces
        // Keras's SGD default; sgd's own batching is one sample per step, where 0.1 already stalls on digits with relu.
        "sgd" => 0.01,
        "momentum" or "nesterov" => 0.01, // the PyTorch examples' rate with momentum 0.9
        "adam" => 1e-3, // Kingma & Ba's, and the default of scikit-learn, PyTorch and optax
        "rmsprop" => 1e-3, // Keras's default
        "adagrad" => 0.01, // PyTorch's default
        _ => null, // rprop adapts its own step sizes; cg, lbfgs and tnc search along lines
    };

    /// <summary>The defaults as --help lists them.</summary>
    public static string Describe() =>
        string.Join(", ", TrainOptions.Optimizers.Where(o => Default(o) is not null).Select(o => $"{o} {F(Default(o)!.Value)}"))
        + "; " + string.Join(", ", TrainOptions.Optimizers.Where(o => Default(o) is null)) + " take none";

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
