using System.Collections.Immutable;
using System.Numerics;

namespace FunctionalNet.Optimization.UpdateRules;

/// <summary>
/// A rule of your own, in optax's <c>GradientTransformation(init, update)</c> shape: derive from this class, name the
/// per-parameter state vectors it keeps, and write <see cref="Update{T}"/> as an in-place kernel; <see cref="Rules.Custom"/>
/// turns it into an <see cref="UpdateRule"/> that runs inside <c>Train.Fit</c> (batching, early stopping, plateau,
/// cancellation), composes with the built-in rules through <see cref="Rules.Chain(UpdateRule[])"/>, and whose state
/// (<see cref="CustomState{T}"/>) is saved and read back by <c>RuleStateFormat</c> for checkpoints. The engine opens the
/// state once into buffers the run owns, so a step allocates nothing as long as <see cref="Update{T}"/> does not; the pure
/// <see cref="UpdateRule.Update{T}"/> runs the same kernel on copies and gets the same bits. Keep only hyper-parameters in
/// the object (the state lives in the buffers each run opens), so one instance may serve several runs at once.
/// </summary>
/// <example>
/// Sign-SGD, step = −η·sign(g):
/// <code>
/// sealed class SignSgd(double eta) : GradientTransformation
/// {
///     public override string Name => $"sign-sgd({eta})";
///     public override void Update&lt;T&gt;(Span&lt;T&gt; update, TransformationBuffers&lt;T&gt; state, ReadOnlySpan&lt;T&gt; parameters)
///     {
///         T step = T.CreateTruncating(eta);
///         foreach (ref T u in update) u = u &gt; T.Zero ? -step : u &lt; T.Zero ? step : T.Zero;
///     }
/// }
/// </code>
/// </example>
public abstract class GradientTransformation
{
    /// <summary>A short description with the hyper-parameters, e.g. <c>sign-sgd(0.01)</c>; shown in reports and messages.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// The names of the state vectors, each as long as the parameters and zero before <see cref="Init{T}"/>; indexed in
    /// this order by <see cref="TransformationBuffers{T}"/>. Letters, digits, '_' and '-' only (they name tensors in
    /// checkpoint files), no two alike. None by default: a stateless transformation.
    /// </summary>
    public virtual ImmutableArray<string> StateVectors => [];

    /// <summary>The learning rate the transformation scales by, when it has one, for the iterates' reports (null: none).</summary>
    public virtual LearningRate? Rate => null;

    /// <summary>
    /// Sets the starting values of the state vectors (they arrive zeroed, with <see cref="TransformationBuffers{T}.Count"/> 0);
    /// does nothing by default. The parameters are not at hand here: a rule whose start depends on θ reads it in its first
    /// <see cref="Update{T}"/>, where the count is 0.
    /// </summary>
    /// <param name="state">The fresh state, to fill in place.</param>
    public virtual void Init<T>(TransformationBuffers<T> state) where T : unmanaged, IFloatingPointIeee754<T>
    {
    }

    /// <summary>
    /// One step, in place: <paramref name="update"/> arrives holding the incoming update (the gradient, or the previous
    /// transformation's output in a chain) and must be left holding this transformation's output — what is added to θ when
    /// it ends the chain, so a descent step carries its own minus sign. <paramref name="state"/> is this run's working
    /// state, updated in place; its count is advanced by one after the call. Allocate nothing here to keep the engine's
    /// steps allocation-free.
    /// </summary>
    /// <param name="update">The update, transformed in place.</param>
    /// <param name="state">The state vectors and the number of updates before this one.</param>
    /// <param name="parameters">θ before the step (read only).</param>
    public abstract void Update<T>(Span<T> update, TransformationBuffers<T> state, ReadOnlySpan<T> parameters) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <inheritdoc/>
    public override string ToString() => Name;
}
