using System.Numerics;
using FunctionalNet.Model.Activations;

namespace FunctionalNet.Model.Losses;

/// <summary>
/// A per-sample loss between the output layer and the targets, summed over a batch (the network divides by
/// the batch size m). Losses that pair with an output activation compute from the logits z, so there is no
/// log(0) and no overflow however large |z| grows.
/// </summary>
public abstract record Loss
{
    /// <summary>Short name used on the command line and in model cards: <c>bce</c>, <c>ce</c>, <c>mse</c>, <c>huber(1)</c>, <c>mae</c>, <c>poisson</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Describes which output activations the loss accepts, for error messages.</summary>
    public abstract string PairingRule { get; }

    /// <summary>True when this loss can follow <paramref name="output"/>.</summary>
    public abstract bool Pairs(Activation output);

    /// <summary>Σ over the batch of the per-sample loss; z, a, y are [rows × width].</summary>
    public abstract double Sum<T>(Activation output, ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> y, int width)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// Σ over the batch of wᵣ times row r's loss (<paramref name="weights"/> holds one weight per row). The built-in losses
    /// multiply each term by its row's weight where <see cref="Sum"/> adds it, so all-ones weights give <see cref="Sum"/>'s
    /// bits; this default, for losses defined elsewhere, weighs the per-row sums.
    /// </summary>
    public virtual double WeightedSum<T>(Activation output, ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> y, int width, ReadOnlySpan<T> weights)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int r = 0; r < weights.Length; r++)
        {
            int at = r * width;
            sum += double.CreateTruncating(weights[r]) * Sum(output, z.Slice(at, width), a.Slice(at, width), y.Slice(at, width), width);
        }
        return sum;
    }

    /// <summary>dz = ∂(per-sample loss)/∂z for every row (not divided by m).</summary>
    public abstract void Delta<T>(Activation output, ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> y, Span<T> dz, int width)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>R{dz}: the directional derivative of <see cref="Delta"/> given rz = R{z} and ra = R{a}.</summary>
    public abstract void DeltaTangent<T>(Activation output, ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> y,
        ReadOnlySpan<T> rz, ReadOnlySpan<T> ra, Span<T> rdz, int width)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Per-output binary cross-entropy −Σ_k [y_k log a_k + (1 − y_k) log(1 − a_k)] (the tutorials' J(Θ)); sigmoid output.</summary>
    public static Loss BinaryCrossEntropy { get; } = new BinaryCrossEntropy();

    /// <summary>Categorical cross-entropy −Σ_k y_k log a_k; softmax output.</summary>
    public static Loss CrossEntropy { get; } = new CrossEntropy();

    /// <summary>Half squared error ½ Σ_k (a_k − y_k)² per sample; any output activation.</summary>
    public static Loss SquaredError { get; } = new SquaredError();

    /// <summary>Huber loss Σ_k ρ_δ(a_k − y_k) per sample: ½r² for |r| &lt; δ, δ(|r| − ½δ) beyond; any elementwise output.</summary>
    public static Loss Huber(double delta = 1.0) => new Huber(delta);

    /// <summary>Absolute error (L1) Σ_k |a_k − y_k| per sample; any elementwise output.</summary>
    public static Loss AbsoluteError { get; } = new AbsoluteError();

    /// <summary>Poisson negative log-likelihood Σ_k (e^{z_k} − y_k z_k) per sample, z the log-rate; identity output.</summary>
    public static Loss Poisson { get; } = new Poisson();

    /// <summary>
    /// Looks a loss up by name: <c>bce</c>, <c>ce</c> (or <c>cross-entropy</c>), <c>mse</c>, <c>huber</c> or
    /// <c>huber(δ)</c>, <c>mae</c> (or <c>l1</c>), <c>poisson</c>.
    /// </summary>
    public static Loss? Parse(string name) => LossNames.Parse(name);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
