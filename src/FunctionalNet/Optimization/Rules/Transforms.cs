using System.Collections.Immutable;
using System.Numerics.Tensors;

namespace FunctionalNet.Optimization.Rules;

/// <summary>
/// The building blocks the public rules are chained from (optax's <c>scale_by_*</c>). Each allocates its output and
/// new state; none touches its inputs. Hyper-parameters are checked by the callers in <see cref="Rules"/>.
/// </summary>
internal static class Transforms
{
    /// <summary>step = −η_t · u, counting t.</summary>
    public static UpdateRule ScaleByLearningRate(LearningRate rate) => new UpdateRule($"scale-by-lr({rate})",
        _ => new CountState(0),
        (u, state, _) =>
        {
            int t = ((CountState)state).Count;
            var step = new double[u.Length];
            TensorPrimitives.Multiply(u.AsSpan(), -rate.At(t), step);
            return (UpdateRule.Own(step), new CountState(t + 1));
        }) { Rate = rate };

    /// <summary>Momentum: v′ = βv + u; output v′, or u + βv′ for Nesterov (Sutskever et al. 2013, as in optax and PyTorch).</summary>
    public static UpdateRule Trace(double decay, bool nesterov) => new(nesterov ? $"nesterov-trace({decay})" : $"trace({decay})",
        theta => new TraceState(UpdateRule.Own(new double[theta.Length])),
        (u, state, _) =>
        {
            var v = ((TraceState)state).Velocity;
            var velocity = new double[u.Length];
            TensorPrimitives.MultiplyAdd(v.AsSpan(), decay, u.AsSpan(), velocity);
            if (!nesterov) return (UpdateRule.Own(velocity), new TraceState(UpdateRule.Own(velocity)));
            var output = new double[u.Length];
            TensorPrimitives.MultiplyAdd(velocity, decay, u.AsSpan(), output);
            return (UpdateRule.Own(output), new TraceState(UpdateRule.Own(velocity)));
        });

    /// <summary>Adam's direction m̂ / (√v̂ + ε) with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ).</summary>
    public static UpdateRule ScaleByAdam(double beta1, double beta2, double epsilon) => new($"scale-by-adam({beta1}, {beta2}, {epsilon})",
        theta => new AdamState(0, UpdateRule.Own(new double[theta.Length]), UpdateRule.Own(new double[theta.Length])),
        (u, state, _) =>
        {
            var s = (AdamState)state;
            int t = s.Count + 1;
            double c1 = 1 - Math.Pow(beta1, t), c2 = 1 - Math.Pow(beta2, t);
            var mu = new double[u.Length];
            var nu = new double[u.Length];
            var output = new double[u.Length];
            for (int i = 0; i < u.Length; i++)
            {
                double g = u[i];
                mu[i] = beta1 * s.Mu[i] + (1 - beta1) * g;
                nu[i] = beta2 * s.Nu[i] + (1 - beta2) * g * g;
                output[i] = mu[i] / c1 / (Math.Sqrt(nu[i] / c2) + epsilon);
            }
            return (UpdateRule.Own(output), new AdamState(t, UpdateRule.Own(mu), UpdateRule.Own(nu)));
        });

    /// <summary>RMSProp (Tieleman &amp; Hinton 2012): ν′ = ρν + (1 − ρ)u², output u / (√ν′ + ε).</summary>
    public static UpdateRule ScaleByRms(double decay, double epsilon) => new($"scale-by-rms({decay}, {epsilon})",
        theta => new SquaresState(UpdateRule.Own(new double[theta.Length])),
        (u, state, _) =>
        {
            var s = (SquaresState)state;
            var nu = new double[u.Length];
            var output = new double[u.Length];
            for (int i = 0; i < u.Length; i++)
            {
                nu[i] = decay * s.Nu[i] + (1 - decay) * u[i] * u[i];
                output[i] = u[i] / (Math.Sqrt(nu[i]) + epsilon);
            }
            return (UpdateRule.Own(output), new SquaresState(UpdateRule.Own(nu)));
        });

    /// <summary>AdaGrad (Duchi et al. 2011): s′ = s + u², output u / (√s′ + ε).</summary>
    public static UpdateRule ScaleByAdaGrad(double epsilon) => new($"scale-by-adagrad({epsilon})",
        theta => new SquaresState(UpdateRule.Own(new double[theta.Length])),
        (u, state, _) =>
        {
            var s = (SquaresState)state;
            var sum = new double[u.Length];
            var output = new double[u.Length];
            for (int i = 0; i < u.Length; i++)
            {
                sum[i] = s.Nu[i] + u[i] * u[i];
                output[i] = u[i] / (Math.Sqrt(sum[i]) + epsilon);
            }
            return (UpdateRule.Own(output), new SquaresState(UpdateRule.Own(sum)));
        });

    /// <summary>
    /// iRprop⁻ (Igel &amp; Hüsken 2000): per parameter, Δ grows by η⁺ while the gradient keeps its sign and shrinks by η⁻
    /// when it flips (then that gradient is forgotten for one step); step = −sign(g)·Δ. Meant for full batches.
    /// </summary>
    public static UpdateRule Rprop(double initial, double increase, double decrease, double minimum, double maximum) =>
        new($"rprop({initial})",
            theta => new RpropState(UpdateRule.Own(Enumerable.Repeat(initial, theta.Length).ToArray()), UpdateRule.Own(new double[theta.Length])),
            (g, state, _) =>
            {
                var s = (RpropState)state;
                var sizes = new double[g.Length];
                var previous = new double[g.Length];
                var step = new double[g.Length];
                for (int i = 0; i < g.Length; i++)
                {
                    double agreement = g[i] * s.PreviousGradient[i], size = s.StepSizes[i], gi = g[i];
                    if (agreement > 0) size = Math.Min(size * increase, maximum);
                    else if (agreement < 0) { size = Math.Max(size * decrease, minimum); gi = 0; }
                    sizes[i] = size;
                    previous[i] = gi;
                    step[i] = -Math.Sign(gi) * size;
                }
                return (UpdateRule.Own(step), new RpropState(UpdateRule.Own(sizes), UpdateRule.Own(previous)));
            });

    /// <summary>u · min(1, c / ‖u‖₂).</summary>
    public static UpdateRule ClipByGlobalNorm(double maxNorm) => new($"clip-by-global-norm({maxNorm})",
        _ => EmptyState.Instance,
        (u, state, _) =>
        {
            double norm = TensorPrimitives.Norm(u.AsSpan());
            if (norm <= maxNorm) return (u, state);
            var output = new double[u.Length];
            TensorPrimitives.Multiply(u.AsSpan(), maxNorm / norm, output);
            return (UpdateRule.Own(output), state);
        });

    /// <summary>Each entry clamped to [−c, c].</summary>
    public static UpdateRule ClipByValue(double max) => new($"clip-by-value({max})",
        _ => EmptyState.Instance,
        (u, state, _) =>
        {
            var output = new double[u.Length];
            TensorPrimitives.Clamp(u.AsSpan(), -max, max, output);
            return (UpdateRule.Own(output), state);
        });

    /// <summary>u + λθ: decoupled weight decay (Loshchilov &amp; Hutter 2019) when placed before the learning-rate scaling.</summary>
    public static UpdateRule AddDecayedWeights(double rate) => new($"decoupled-weight-decay({rate})",
        _ => EmptyState.Instance,
        (u, state, theta) =>
        {
            var output = new double[u.Length];
            TensorPrimitives.MultiplyAdd(theta.AsSpan(), rate, u.AsSpan(), output);
            return (UpdateRule.Own(output), state);
        });

    /// <summary>Applies the rules in order, each to the previous one's output; no rules is the identity.</summary>
    public static UpdateRule Chain(ImmutableArray<UpdateRule> rules) => new UpdateRule(
        rules.IsEmpty ? "identity" : string.Join(" → ", rules.Select(r => r.Name)),
        theta => new ChainState([.. rules.Select(r => r.Init(theta))]),
        (u, state, theta) =>
        {
            var states = ((ChainState)state).States;
            var next = new RuleState[rules.Length];
            for (int k = 0; k < rules.Length; k++) (u, next[k]) = rules[k].Update(u, states[k], theta);
            return (u, new ChainState([.. next]));
        }) { Rate = rules.LastOrDefault(r => r.Rate is not null)?.Rate };
}
