using System.Numerics;
using FunctionalNet.Kernels;

namespace FunctionalNet.Model.Activations;

/// <summary>
/// A layer's non-linearity a = f(z), applied to a batch stored row-major as [rows × width]. Each activation
/// carries its derivatives next to its definition: the vector–Jacobian product for backpropagation and the
/// two directional derivatives the R-operator (exact Hessian-vector products) needs.
/// </summary>
/// <remarks>Derive from <see cref="ElementwiseActivation"/> (or call <see cref="Custom"/>) to add your own,
/// then verify it with <c>GradientCheck</c>.</remarks>
public abstract record Activation
{
    /// <summary>The name used on the command line and in model cards (e.g. <c>sigmoid</c>, <c>elu(2)</c>).</summary>
    public abstract string Name { get; }

    /// <summary>True when f acts on whole rows (softmax), so it may only be used on the output layer.</summary>
    public virtual bool IsRowwise => false;

    /// <summary>a = f(z). <paramref name="a"/> must not overlap <paramref name="z"/> unless f is elementwise.</summary>
    public abstract void Forward<T>(ReadOnlySpan<T> z, Span<T> a, int width) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Backpropagation through f: dz = J(z)ᵀ · delta, where delta = ∂L/∂a.</summary>
    public abstract void Backward<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> delta, Span<T> dz, int width)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Forward directional derivative (R-operator): ra = J(z) · rz.</summary>
    public abstract void Tangent<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> rz, Span<T> ra, int width)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Directional derivative of the backward pass: rdz = R{J(z)ᵀ · delta} given rz = R{z}, rdelta = R{delta}.</summary>
    public abstract void BackwardTangent<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> rz,
        ReadOnlySpan<T> delta, ReadOnlySpan<T> rdelta, Span<T> rdz, int width)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>f(z) = z.</summary>
    public static Activation Identity { get; } = new Identity();

    /// <summary>The logistic function 1 / (1 + e^−z).</summary>
    public static Activation Sigmoid { get; } = new Sigmoid();

    /// <summary>The hyperbolic tangent.</summary>
    public static Activation Tanh { get; } = new Tanh();

    /// <summary>max(z, 0).</summary>
    public static Activation Relu { get; } = new Relu();

    /// <summary>Row-wise softmax; output layer only.</summary>
    public static Activation Softmax { get; } = new Softmax();

    /// <summary>The exact GELU z·Φ(z), Φ the standard normal distribution function (PyTorch's default, erf-based).</summary>
    public static Activation Gelu { get; } = new Gelu();

    /// <summary>SiLU (swish) z·σ(z).</summary>
    public static Activation Silu { get; } = new Silu();

    /// <summary>log(1 + e^z), and z above 20 (PyTorch's β = 1, threshold = 20).</summary>
    public static Activation Softplus { get; } = new Softplus();

    /// <summary>z for z &gt; 0, αz otherwise.</summary>
    public static Activation LeakyRelu(double alpha = 0.01) => new LeakyRelu(alpha);

    /// <summary>z for z &gt; 0, α(e^z − 1) otherwise (the ELU tutorial uses α = 2).</summary>
    public static Activation Elu(double alpha = 1.0) => new Elu(alpha);

    /// <summary>
    /// A user-defined elementwise activation from scalar functions. <paramref name="derivative"/> and
    /// <paramref name="secondDerivative"/> receive (z, a = f(z)).
    /// </summary>
    public static Activation Custom(string name, Func<double, double> function, Func<double, double, double> derivative,
        Func<double, double, double> secondDerivative) =>
        new CustomActivation(name, function, derivative, secondDerivative);

    /// <summary>Looks up a built-in activation by its <see cref="Name"/> (e.g. <c>tanh</c>, <c>elu(2)</c>, <c>leaky-relu</c>, <c>gelu</c>, <c>silu</c> or <c>swish</c>, <c>softplus</c>).</summary>
    public static Activation? Parse(string name) => ActivationNames.Parse(name);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
