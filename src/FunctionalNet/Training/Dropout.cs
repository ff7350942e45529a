using System.Collections.Immutable;
using System.Globalization;
using FunctionalNet.Calculus;
using FunctionalNet.Model;
using LanguageExt;
using static LanguageExt.Prelude;

namespace FunctionalNet.Training;

/// <summary>
/// Dropout on the hidden layers at training time (Srivastava et al., 2014), in its inverted form: each hidden unit is
/// zeroed with probability p and the survivors are scaled by 1/(1 − p), so prediction (and ONNX export) use the network
/// as it is, with no dropout and no rescaling. One rate for every hidden layer, or one per hidden layer.
/// </summary>
/// <remarks>
/// The masks of a step come from the run's <see cref="TrainingOptions.Rng"/> forked by the epoch and the step within it
/// (<see cref="KeyFor"/>), never from state carried between steps, so a run gives the same bits at every thread count
/// and a resumed run draws the masks the uninterrupted one would have. The epoch costs that watch progress (exact
/// costs, validation costs) are of the network without dropout; a running mean of batch costs is of the dropped-out
/// networks the steps saw, as PyTorch's training loss is.
/// </remarks>
public sealed record Dropout
{
    private Dropout(ImmutableArray<double> rates) => Rates = rates;

    /// <summary>The drop probabilities: one for every hidden layer, or one per hidden layer in order.</summary>
    public ImmutableArray<double> Rates { get; }

    /// <summary>Validated rates, each in [0, 1); at least one.</summary>
    public static Validation<Error, Dropout> Create(IEnumerable<double> rates)
    {
        ArgumentNullException.ThrowIfNull(rates);
        var list = rates.ToImmutableArray();
        if (list.IsEmpty) return Validation<Error, Dropout>.Fail(Seq1(new Error("dropout.rates", "dropout: expected at least one rate, found none")));
        var bad = list.Where(p => !(p >= 0 && p < 1)).ToList();
        return bad.Count > 0
            ? Validation<Error, Dropout>.Fail(Seq1(new Error("dropout.rates", $"dropout: a rate must be in [0, 1), found {string.Join(", ", bad.Select(F))}")))
            : Success<Error, Dropout>(new Dropout(list));
    }

    /// <summary>One line describing why these rates do not fit <paramref name="architecture"/>, or null.</summary>
    internal string? Problem(Architecture architecture)
    {
        int hidden = architecture.Layers.Length - 1;
        if (hidden == 0) return $"dropout applies to hidden layers, and the network {architecture.Shape} has none";
        return Rates.Length == 1 || Rates.Length == hidden ? null
            : $"dropout: expected one rate or one per hidden layer ({hidden}), found {Rates.Length}";
    }

    /// <summary>p per hidden layer of <paramref name="architecture"/> (one rate is repeated).</summary>
    internal double[] RatesFor(Architecture architecture) =>
        Rates.Length == 1 ? Enumerable.Repeat(Rates[0], architecture.Layers.Length - 1).ToArray() : [.. Rates];

    /// <summary>The key of the masks of step <paramref name="step"/> (0-based within the epoch) of epoch <paramref name="epoch"/>.</summary>
    internal static Rng KeyFor(Rng rng, int epoch, int step) => rng.Fork(DropoutStream).Fork((ulong)epoch).Fork((ulong)step);

    /// <summary>The draw of one step: these rates and that step's key.</summary>
    internal static DropoutDraw? Draw(double[]? rates, Rng rng, int epoch, int step) =>
        rates is null ? null : new DropoutDraw(rates, KeyFor(rng, epoch, step));

    /// <inheritdoc/>
    public override string ToString() => string.Join(",", Rates.Select(F));

    // Sub-streams below this are the epochs' shuffles and draws (forked by epoch number), so masks take one far above.
    private const ulong DropoutStream = 0xD0D0_0000_0000_0000UL;

    private static string F(double p) => p.ToString("R", CultureInfo.InvariantCulture);
}
