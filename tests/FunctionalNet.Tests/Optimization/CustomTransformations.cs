using System.Collections.Immutable;
using System.Numerics;
using FunctionalNet.Optimization.UpdateRules;

namespace FunctionalNet.Tests.Optimization;

/// <summary>
/// A Lion-like rule written as a user would (Chen et al. 2023, with a twist per entry so every part of the state is
/// exercised): c = β₁m + (1 − β₁)g, m′ = β₂m + (1 − β₂)g, step = −η/(1 + t/10)·(sign(c) + λθ)·s, then s′ = 0.99s, with
/// s starting at 1 (a non-zero Init) and t the step count.
/// </summary>
internal sealed class LionLike(double eta, double beta1 = 0.9, double beta2 = 0.99, double decay = 0.01) : GradientTransformation
{
    public override string Name => $"lion-like({eta})";

    public override ImmutableArray<string> StateVectors => ["momentum", "scale"];

    public override LearningRate? Rate => eta;

    public override void Init<T>(TransformationBuffers<T> state) => state["scale"].Fill(T.One);

    public override void Update<T>(Span<T> update, TransformationBuffers<T> state, ReadOnlySpan<T> parameters)
    {
        Span<T> m = state[0], s = state[1];
        T b1 = T.CreateTruncating(beta1), b2 = T.CreateTruncating(beta2), lambda = T.CreateTruncating(decay);
        T rate = T.CreateTruncating(eta / (1 + state.Count / 10.0)), shrink = T.CreateTruncating(0.99);
        for (int i = 0; i < update.Length; i++)
        {
            T g = update[i], c = b1 * m[i] + (T.One - b1) * g;
            m[i] = b2 * m[i] + (T.One - b2) * g;
            update[i] = -rate * (T.CreateTruncating(T.Sign(c)) + lambda * parameters[i]) * s[i];
            s[i] *= shrink;
        }
    }
}

/// <summary>sign(u), elementwise and stateless: chained before a learning-rate scaling it is sign-SGD.</summary>
internal sealed class SignOf : GradientTransformation
{
    public override string Name => "sign";

    public override void Update<T>(Span<T> update, TransformationBuffers<T> state, ReadOnlySpan<T> parameters)
    {
        for (int i = 0; i < update.Length; i++) update[i] = T.CreateTruncating(T.Sign(update[i]));
    }
}
