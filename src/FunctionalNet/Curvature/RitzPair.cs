using System.Collections.Immutable;

namespace FunctionalNet.Curvature;

/// <summary>
/// One approximate eigenpair from <see cref="Lanczos"/>: the Ritz value θ, its unit Ritz vector y, and the residual
/// ‖A y − θ y‖, which bounds how far θ is from an eigenvalue of A (|θ − λ| ≤ residual for a symmetric A).
/// </summary>
/// <param name="Value">The Ritz value θ.</param>
/// <param name="Vector">The unit Ritz vector y, as long as the operator's dimension.</param>
/// <param name="Residual">‖A y − θ y‖ from the Lanczos relation: exact up to rounding with full reorthogonalisation, an upper bound after a restart.</param>
public sealed record RitzPair(double Value, ImmutableArray<double> Vector, double Residual);
