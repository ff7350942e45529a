using FunctionalNet.Optimization.UpdateRules;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// Checks that a rule state read from a checkpoint has the shape the rule expects (the same state types, chains of the
/// same length), so a checkpoint of one rule is refused by another with a message instead of failing mid-step.
/// Vector lengths are checked when the file is read.
/// </summary>
internal static class RuleShapes
{
    /// <summary>Why <paramref name="memory"/> cannot continue a rule whose fresh state is <paramref name="expected"/>, or null.</summary>
    public static string? Problem(OptimizerMemory? memory, RuleState expected) => memory switch
    {
        RuleMemory rule => Mismatch(rule.State, expected, "state"),
        MinimizerMemory => "it holds a line-search minimizer's state, not an update rule's",
        _ => "it holds no optimizer state",
    };

    private static string? Mismatch(RuleState found, RuleState expected, string path) => (found, expected) switch
    {
        (ChainState f, ChainState e) when f.States.Length != e.States.Length => $"{path} chains {f.States.Length} rules, expected {e.States.Length}",
        (ChainState f, ChainState e) => f.States.Zip(e.States).Select((p, i) => Mismatch(p.Item1, p.Item2, $"{path}.{i}")).FirstOrDefault(m => m is not null),
        _ when found.GetType() == expected.GetType() => null,
        _ => $"{path} is {found.GetType().Name}, expected {expected.GetType().Name}",
    };
}
