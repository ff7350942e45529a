using FunctionalNet.Optimization;
using FunctionalNet.Optimization.UpdateRules;

namespace FunctionalNet.Cli.Training;

/// <summary>What an optimizer carries between steps besides the parameters; checkpoints save it so a resumed run goes on bit for bit.</summary>
internal abstract record OptimizerMemory;

/// <summary>An update rule's state (gd and sgd carry <see cref="EmptyState"/>).</summary>
/// <param name="State">The rule's state after the last step.</param>
internal sealed record RuleMemory(RuleState State) : OptimizerMemory;

/// <summary>A line-search minimizer's state at an iteration it was asked to record.</summary>
/// <param name="State">The state, as <see cref="Minimizer.Resume"/> takes it.</param>
internal sealed record MinimizerMemory(MinimizerState State) : OptimizerMemory;
