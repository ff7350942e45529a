using System.Diagnostics.CodeAnalysis;

namespace FunctionalNet.Optimization.UpdateRules;

/// <summary>
/// The state a rule carries between steps (velocities, moment estimates, a step counter). Immutable; the vectors are
/// in the precision the rule runs in (<c>AdamState&lt;float&gt;</c> for float32 training).
/// </summary>
// Public properties kept through trimming: RuleStateShape compares a state's vectors by reading them.
[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)]
public abstract record RuleState;

/// <summary>The state of a stateless rule.</summary>
public sealed record EmptyState : RuleState
{
    /// <summary>The one instance.</summary>
    public static EmptyState Instance { get; } = new();
}
