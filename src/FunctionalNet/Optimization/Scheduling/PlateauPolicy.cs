using LanguageExt;
using static LanguageExt.Prelude;

namespace FunctionalNet.Optimization.Scheduling;

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

    /// <summary>The state before any epoch: multiplier 1, no best cost yet.</summary>
    public static PlateauState Start { get; } = new(1, double.PositiveInfinity, 0);

    /// <summary>
    /// The state after one more epoch whose monitored cost is <paramref name="cost"/>: the best cost is tracked and
    /// every run of <see cref="Patience"/> non-improving epochs multiplies by <see cref="Factor"/> and starts a new run.
    /// </summary>
    public PlateauState Next(PlateauState state, double cost)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (cost < state.Best - Tolerance) return state with { Best = cost, Stale = 0 };
        double best = Math.Min(state.Best, cost);
        return state.Stale + 1 < Patience
            ? state with { Best = best, Stale = state.Stale + 1 }
            : new PlateauState(Math.Max(Minimum, state.Multiplier * Factor), best, 0);
    }

    /// <summary>The multiplier after the epochs whose costs are <paramref name="history"/>, starting from 1.</summary>
    public double Multiplier(IEnumerable<double> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return history.Aggregate(Start, Next).Multiplier;
    }
}
