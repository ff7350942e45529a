using LanguageExt;
using static LanguageExt.Prelude;

namespace FunctionalNet.Optimization.Schedules;

/// <summary>
/// Reduce-on-plateau, scikit-learn's <c>learning_rate="adaptive"</c>: each time the monitored cost fails to fall by at
/// least <see cref="Tolerance"/> for <see cref="Patience"/> consecutive epochs, the learning-rate multiplier is
/// multiplied by <see cref="Factor"/> (sklearn: divided by 5 after 2 epochs, tol 1e-4). A pure function of the
/// cost history, applied by the training fold at epoch ends.
/// </summary>
public sealed record PlateauPolicy
{
    private PlateauPolicy(double factor, int patience, double tolerance, double minimum)
    {
        Factor = factor;
        Patience = patience;
        Tolerance = tolerance;
        Minimum = minimum;
    }

    /// <summary>Multiplier applied on a plateau, in (0, 1).</summary>
    public double Factor { get; }

    /// <summary>Epochs without improvement that make a plateau.</summary>
    public int Patience { get; }

    /// <summary>An epoch improves when its cost is below the best so far minus this.</summary>
    public double Tolerance { get; }

    /// <summary>The multiplier never goes below this.</summary>
    public double Minimum { get; }

    /// <summary>Validated policy; defaults are scikit-learn's adaptive schedule.</summary>
    public static Validation<Error, PlateauPolicy> Create(double factor = 0.2, int patience = 2, double tolerance = 1e-4, double minimum = 1e-6)
    {
        var errors = new List<Error>();
        if (!(factor > 0 && factor < 1)) errors.Add(new Error("plateau.factor", $"plateau: factor must lie in (0, 1), found {Schedules.Format(factor)}"));
        errors.AddRange(Schedules.AtLeastOne("plateau", "patience", patience));
        errors.AddRange(Schedules.NonNegative("plateau", "tolerance", tolerance));
        errors.AddRange(Schedules.Positive("plateau", "minimum", minimum));
        return errors.Count == 0
            ? Success<Error, PlateauPolicy>(new PlateauPolicy(factor, patience, tolerance, minimum))
            : Validation<Error, PlateauPolicy>.Fail(errors.ToSeq());
    }

    /// <summary>
    /// The multiplier after the epochs whose costs are <paramref name="history"/>, starting from 1: the best cost is
    /// tracked and every run of <see cref="Patience"/> non-improving epochs multiplies by <see cref="Factor"/> and
    /// starts a new run.
    /// </summary>
    public double Multiplier(IEnumerable<double> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        double multiplier = 1, best = double.PositiveInfinity;
        int stale = 0;
        foreach (double cost in history)
        {
            if (cost < best - Tolerance) { best = cost; stale = 0; continue; }
            best = Math.Min(best, cost);
            if (++stale < Patience) continue;
            multiplier = Math.Max(Minimum, multiplier * Factor);
            stale = 0;
        }
        return multiplier;
    }
}
