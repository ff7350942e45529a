using System.Globalization;
using FunctionalNet.Model;
using LanguageExt;

namespace FunctionalNet.Cli.Limits;

/// <summary>
/// What a command is about to allocate, estimated from the sizes alone before anything is allocated, so a network or
/// data set that cannot fit is refused with the estimate instead of growing until the kernel kills the process.
/// Estimates are deliberately generous (every copy a run keeps at once); they are in double arithmetic, so no size
/// can overflow them.
/// </summary>
/// <param name="What">What needs the memory, for the message, e.g. "training 2-30000-30000-2 in float64".</param>
/// <param name="Bytes">The estimate.</param>
/// <param name="Advice">What to change, for the message.</param>
internal sealed record MemoryEstimate(string What, double Bytes, string Advice)
{
    /// <summary>
    /// A training run: parameters, gradient, the kept and last iterates, the optimizer's state, the model and
    /// checkpoint being written (each parameter-sized, in <paramref name="dtypeBytes"/>); the layer workspaces for a batch
    /// and for the evaluation passes (a cost takes at most 16,384 rows per pass); and the data's parts and a batch copy
    /// of them (counted in double even when stored as float).
    /// </summary>
    public static MemoryEstimate Training(Architecture arch, string optimizer, int dtypeBytes, int batchRows, long rows, int features)
    {
        double p = arch.Layout.Count;
        double units = arch.Inputs + arch.Layers.Sum(l => (double)l.Units);
        double copies = 7 + StateCopies(optimizer);
        double workspace = dtypeBytes * units * (4.0 * batchRows + 2.0 * Math.Min(rows, FunctionalNet.Calculus.Network.CostBlockRows));
        double data = 8.0 * rows * (features + arch.Outputs) * 2;
        return new($"training {arch.Shape} with {optimizer} in float{8 * dtypeBytes} on {rows} rows", dtypeBytes * p * copies + workspace + data,
            "use smaller --layers, less data, a --batch-size or --dtype float32");
    }

    /// <summary>A generated data set of <paramref name="samples"/> points of <paramref name="features"/> features, and its CSV text.</summary>
    public static MemoryEstimate Generated(string name, double samples, int features) =>
        new($"generating {samples.ToString("R", CultureInfo.InvariantCulture)} samples of {name}", samples * (features * 8.0 * 3 + 16 + 48.0 * (features + 1)),
            "use fewer --samples");

    /// <summary>
    /// Reading the Parquet table <paramref name="path"/> of <paramref name="rows"/> rows (as its footer claims) and
    /// <paramref name="features"/> feature columns: the features in double and a float copy, one column's read buffers
    /// (the values and their nullable form), and the labels as text.
    /// </summary>
    public static MemoryEstimate ParquetTable(string path, long rows, int features) =>
        new($"reading the {rows.ToString(CultureInfo.InvariantCulture)} rows that data file {path} claims", rows * (12.0 * features + 24 + 64),
            "split the table, or check that the file is not damaged");

    /// <summary>A gradient check: the parameters and their probes, the batch and its layer workspaces, in double.</summary>
    public static MemoryEstimate GradientCheck(Architecture arch, int samples)
    {
        double units = arch.Inputs + arch.Layers.Sum(l => (double)l.Units);
        return new($"checking the gradient of {arch.Shape} on {samples} samples", 8.0 * (8.0 * arch.Layout.Count + samples * (arch.Inputs + arch.Outputs + 4 * units)),
            "use fewer --samples, --inputs or --outputs, or smaller --layers");
    }

    /// <summary>Right when the estimate fits in <paramref name="available"/> bytes; else one line with both numbers.</summary>
    public Either<CliError, Unit> Fits(long available) =>
        Bytes <= available
            ? Unit.Default
            : new CliError(new Error("memory.estimate",
                $"{What} needs about {Show(Bytes)} of memory, but {Show(available)} is available; {Advice}"));

    /// <summary>Checks against the memory this process may still take (see <see cref="MachineMemory"/>).</summary>
    public Either<CliError, Unit> Fits() => Fits(MachineMemory.AvailableBytes());

    // Parameter-sized vectors an optimizer keeps besides the gradient (L-BFGS: 10 pairs; TNC: its Hessian-vector work).
    private static double StateCopies(string optimizer) => FunctionalNet.Catalog.Optimizer(optimizer).Map(e => e.StateCopies).IfNone(0);

    /// <summary>Bytes as GiB, MiB or bytes, for a message.</summary>
    internal static string Show(double bytes) =>
        bytes >= 1 << 30 ? (bytes / (1 << 30)).ToString("0.0", CultureInfo.InvariantCulture) + " GiB"
        : bytes >= 1 << 20 ? (bytes / (1 << 20)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB"
        : bytes.ToString("0", CultureInfo.InvariantCulture) + " bytes";
}
