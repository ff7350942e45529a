using FunctionalNet.Data;
using FunctionalNet.Randomness;
using LanguageExt;
using static LanguageExt.Prelude;

namespace FunctionalNet.Training;

/// <summary>A deterministic train/validation split for early stopping and restore-best (scikit-learn's validation_fraction).</summary>
public static class Holdout
{
    /// <summary>
    /// Shuffles the rows with <paramref name="rng"/> and holds out round(fraction·m) of them (at least one) for validation.
    /// </summary>
    public static Validation<Error, (Batch<double> Train, Batch<double> Validation)> Split(Batch<double> data, double fraction, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(data);
        int m = data.Count;
        int held = (int)Math.Round(fraction * m);
        if (!(fraction > 0 && fraction < 1))
            return Fail($"the validation fraction must lie in (0, 1), found {fraction.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}");
        held = Math.Max(1, held);
        if (held >= m)
            return Fail($"holding out {held} of {m} samples leaves none to train on");
        var order = rng.Permutation(m);
        var validation = order[..held];
        var train = order[held..];
        return Success<Error, (Batch<double>, Batch<double>)>((
            new Batch<double>(data.Features.SelectRows(train), data.Targets.SelectRows(train)),
            new Batch<double>(data.Features.SelectRows(validation), data.Targets.SelectRows(validation))));
    }

    private static Validation<Error, (Batch<double>, Batch<double>)> Fail(string message) =>
        Validation<Error, (Batch<double>, Batch<double>)>.Fail(Seq1(new Error("holdout.fraction", "holdout: " + message)));
}
