using FunctionalNet.Model.Activations;

namespace FunctionalNet.Model.Losses;

/// <summary>Reads loss names as written on the command line and in model cards.</summary>
internal static class LossNames
{
    /// <summary>The built-in loss called <paramref name="text"/>, or null when there is none.</summary>
    public static Loss? Parse(string text)
    {
        if (!ParameterisedName.TrySplit(text, out var head, out var arg)) return null;
        return head switch
        {
            "bce" or "binary-cross-entropy" or "log-loss" when arg is null => Loss.BinaryCrossEntropy,
            "ce" or "cross-entropy" or "categorical-cross-entropy" when arg is null => Loss.CrossEntropy,
            "mse" or "squared-error" when arg is null => Loss.SquaredError,
            "huber" => Loss.Huber(arg ?? 1.0),
            "mae" or "l1" or "absolute-error" when arg is null => Loss.AbsoluteError,
            "poisson" or "poisson-nll" when arg is null => Loss.Poisson,
            _ => null,
        };
    }
}
