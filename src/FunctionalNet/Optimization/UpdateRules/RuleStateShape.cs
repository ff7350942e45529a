using System.Collections.Immutable;

namespace FunctionalNet.Optimization.UpdateRules;

/// <summary>
/// Compares a rule state with the fresh state the rule would start from: the same record types (so the same
/// precision), chains of the same length, vectors of the same length. Lets a checkpoint of one rule be refused by
/// another with a message instead of failing mid-step.
/// </summary>
internal static class RuleStateShape
{
    public static string? Mismatch(RuleState found, RuleState expected, string path) => (found, expected) switch
    {
        (ChainState f, ChainState e) when f.States.Length != e.States.Length => $"{path} chains {f.States.Length} rules, expected {e.States.Length}",
        (ChainState f, ChainState e) => f.States.Zip(e.States).Select((p, i) => Mismatch(p.Item1, p.Item2, $"{path}.{i}")).FirstOrDefault(m => m is not null),
        _ when found.GetType() != expected.GetType() => $"{path} is {Describe(found)}, expected {Describe(expected)}",
        (ICustomState f, ICustomState e) when !f.Names.SequenceEqual(e.Names) =>
            $"{path} holds the vectors [{string.Join(", ", f.Names)}], expected [{string.Join(", ", e.Names)}]",
        _ => Lengths(found).Zip(Lengths(expected)).Where(p => p.Item1 != p.Item2)
            .Select(p => $"{path} has vectors of {p.Item1} entries, expected {p.Item2}").FirstOrDefault(),
    };

    /// <summary>How many parameter-sized vectors a fresh state holds (0 when the rule cannot be built).</summary>
    public static int VectorCount(LanguageExt.Validation<Error, RuleState> state) => state.Match(s => s is ChainState c ? c.States.Sum(x => Lengths(x).Count()) : Lengths(s).Count(), _ => 0);

    private static string Describe(RuleState state)
    {
        var type = state.GetType();
        return type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{type.GetGenericArguments()[0].Name}>" : type.Name;
    }

    // Every vector a state record holds has one length (the parameter count), so comparing them all is enough.
    private static IEnumerable<int> Lengths(RuleState state) => state is ICustomState custom ? custom.Lengths : state.GetType().GetProperties()
        .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(ImmutableArray<>))
        .Select(p => (System.Collections.ICollection)p.GetValue(state)!)
        .Select(c => c.Count);
}
