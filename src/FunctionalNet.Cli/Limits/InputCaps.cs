namespace FunctionalNet.Cli.Limits;

/// <summary>
/// The most bytes each kind of input is read to. A cap counts bytes actually read, so a device or a pipe (whose
/// length is 0 or unknown) meets it too; a longer input is refused in one line naming the file and the cap.
/// </summary>
internal static class InputCaps
{
    /// <summary>A model card or checkpoint card: a JSON document of names and a few numbers (an MNIST card is 20 KB).</summary>
    public const long CardBytes = 64L << 20;

    /// <summary>The longest CSV line: what one row of a million features would take, far below what a reader can hold.</summary>
    public const long CsvLineBytes = 64L << 20;

    /// <summary>A Parquet footer, which a reader takes whole: its schema and each column chunk's metadata (a 10,000-column table's is a few MB).</summary>
    public const long FooterBytes = 256L << 20;

    /// <summary>
    /// A data file (CSV, or IDX after decompression): 1/8 of the memory available. Features are stored in the working
    /// precision, at most 4 bytes per 2 bytes of text (a one-digit double), and a run holds the table and its parts
    /// at most twice over while it splits them, so a file at the cap fits; at least 64 MiB, at most 16 GiB. (At 1/32,
    /// a 24 GiB machine refused a 1.1 GB MNIST-shaped CSV of 600,000 rows that trains in 2 GB.)
    /// </summary>
    public static long DataBytes() => Math.Clamp(MachineMemory.AvailableBytes() / 8, 64L << 20, 16L << 30);
}
