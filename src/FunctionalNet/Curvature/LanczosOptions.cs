using LanguageExt;
using static LanguageExt.Prelude;

namespace FunctionalNet.Curvature;

/// <summary>
/// What <see cref="Lanczos"/> looks for and how long it may look: the <paramref name="Top"/> largest and
/// <paramref name="Bottom"/> smallest eigenvalues, at most <paramref name="MaxSteps"/> matrix-vector products (never more
/// than the dimension, where the Krylov basis spans everything and the answer is exact), stopping early once every wanted
/// pair's residual ‖A y − θ y‖ is at most <paramref name="Tolerance"/> times the largest |θ|. The start vector is drawn
/// from <paramref name="Seed"/>, so the same inputs give the same bits.
/// </summary>
/// <param name="Top">Largest eigenvalues wanted (≥ 0).</param>
/// <param name="Bottom">Smallest eigenvalues wanted (≥ 0); Top + Bottom ≥ 1.</param>
/// <param name="MaxSteps">Most Lanczos steps (one product each), ≥ 1; capped at the dimension.</param>
/// <param name="Tolerance">Relative residual at which a pair counts as converged, in (0, 1).</param>
/// <param name="Seed">Seed of the start vector (and of fresh vectors after an invariant subspace is exhausted).</param>
public sealed record LanczosOptions(int Top = 5, int Bottom = 1, int MaxSteps = 100, double Tolerance = 1e-10, ulong Seed = 42)
{
    /// <summary>The defaults: five largest and the smallest eigenvalue, at most 100 steps, residuals within 1e-10.</summary>
    public static LanczosOptions Default { get; } = new();

    /// <summary>These options when every value is in range, else every problem as an <see cref="Error"/>.</summary>
    public Validation<Error, LanczosOptions> Validate()
    {
        var problems = new List<Error>();
        if (Top < 0 || Bottom < 0 || (long)Top + Bottom < 1)
            problems.Add(new Error("lanczos.count", $"Lanczos needs at least one eigenvalue to look for, found top {Top} and bottom {Bottom}"));
        if (MaxSteps < 1) problems.Add(new Error("lanczos.steps", $"Lanczos needs at least 1 step, found {MaxSteps}"));
        if (!(Tolerance > 0 && Tolerance < 1)) problems.Add(new Error("lanczos.tolerance", $"the Lanczos tolerance must be in (0, 1), found {Tolerance}"));
        return problems.Count == 0 ? Success<Error, LanczosOptions>(this) : Validation<Error, LanczosOptions>.Fail(problems.ToSeq());
    }
}
