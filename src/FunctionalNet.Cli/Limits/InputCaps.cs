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

    /// <summary>
    /// A data file (CSV, or IDX after decompression): 1/32 of the memory available, as the loaded numbers take up to
    /// 8 bytes for each 2 bytes of text and training keeps a few copies of them; at least 64 MiB, at most 16 GiB.
    /// </summary>
    public static long DataBytes() => Math.Clamp(MachineMemory.AvailableBytes() / 32, 64L << 20, 16L << 30);
}
