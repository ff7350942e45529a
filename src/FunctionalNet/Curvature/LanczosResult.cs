using System.Collections.Immutable;

namespace FunctionalNet.Curvature;

/// <summary>What <see cref="Lanczos.Run"/> found.</summary>
/// <param name="Top">The largest Ritz pairs, largest first.</param>
/// <param name="Bottom">The smallest Ritz pairs, smallest first (they may repeat pairs of <paramref name="Top"/> when the dimension is small).</param>
/// <param name="Steps">Lanczos steps taken, one matrix-vector product each.</param>
/// <param name="Converged">True when every wanted pair met the tolerance, or the basis spans the whole space.</param>
public sealed record LanczosResult(ImmutableArray<RitzPair> Top, ImmutableArray<RitzPair> Bottom, int Steps, bool Converged);
