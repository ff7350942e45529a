namespace FunctionalNet.Optimization.Scheduling;

/// <summary>Where reduce-on-plateau stands after some epochs (carried by training iterates, so a continued run goes on).</summary>
/// <param name="Multiplier">The learning-rate multiplier now.</param>
/// <param name="Best">The lowest monitored cost so far.</param>
/// <param name="Stale">Epochs since the last improvement by the tolerance, in the current run.</param>
public sealed record PlateauState(double Multiplier, double Best, int Stale);
