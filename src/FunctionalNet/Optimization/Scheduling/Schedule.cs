namespace FunctionalNet.Optimization.Scheduling;

/// <summary>A learning rate as a pure function of the step number t = 0, 1, 2, … (optax's <c>Schedule</c>).</summary>
/// <param name="step">The number of updates applied before this one.</param>
/// <returns>The value for that step.</returns>
public delegate double Schedule(int step);
