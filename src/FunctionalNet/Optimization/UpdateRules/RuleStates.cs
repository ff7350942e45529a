using System.Collections.Immutable;
using System.Numerics;

namespace FunctionalNet.Optimization.UpdateRules;

/// <summary>The number of updates applied so far (for schedules and bias correction).</summary>
/// <param name="Count">t, starting at 0.</param>
public sealed record CountState(int Count) : RuleState;

/// <summary>Momentum's velocity v.</summary>
/// <param name="Velocity">The exponentially decayed sum of past gradients.</param>
public sealed record TraceState<T>(ImmutableArray<T> Velocity) : RuleState where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>Adam's moment estimates (Kingma &amp; Ba 2015).</summary>
/// <param name="Count">Steps taken, for the bias correction.</param>
/// <param name="Mu">First moment m.</param>
/// <param name="Nu">Second moment v.</param>
public sealed record AdamState<T>(int Count, ImmutableArray<T> Mu, ImmutableArray<T> Nu) : RuleState where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>RMSProp's or AdaGrad's accumulated squared gradients.</summary>
/// <param name="Nu">Running mean (RMSProp) or sum (AdaGrad) of g².</param>
public sealed record SquaresState<T>(ImmutableArray<T> Nu) : RuleState where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>Rprop's per-parameter step sizes and the previous gradient.</summary>
/// <param name="StepSizes">Δ per parameter.</param>
/// <param name="PreviousGradient">The gradient of the previous step (zeroed where its sign flipped, iRprop⁻).</param>
public sealed record RpropState<T>(ImmutableArray<T> StepSizes, ImmutableArray<T> PreviousGradient) : RuleState where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>The states of a chain's rules, in order.</summary>
/// <param name="States">One state per rule.</param>
public sealed record ChainState(ImmutableArray<RuleState> States) : RuleState;
