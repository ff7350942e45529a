using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace FunctionalNet.Tests.Hardening;

/// <summary>Generic ways to damage a valid file: random bytes, truncation, flipped and overwritten bytes, invalid UTF-8.</summary>
internal static class Mutations
{
    /// <summary>Bytes with no structure at all, up to <paramref name="maxLength"/> long.</summary>
    public static Gen<byte[]> RandomBytes(int maxLength) =>
        Gen.Choose(0, maxLength).SelectMany(n => Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(n));

    /// <summary>Bytes drawn from <paramref name="alphabet"/>, so random input still looks like the format's text.</summary>
    public static Gen<byte[]> RandomText(string alphabet, int maxLength)
    {
        var bytes = Encoding.UTF8.GetBytes(alphabet).Concat(new byte[] { 0xFF, 0xC3, 0x80, 0xED, 0xA0 }).Distinct().ToArray();
        return Gen.Choose(0, maxLength).SelectMany(n => Gen.Elements(bytes).ArrayOf(n));
    }

    /// <summary>A prefix of a valid file, cut anywhere (including to nothing).</summary>
    public static Gen<byte[]> Truncated(Gen<byte[]> valid) =>
        from bytes in valid
        from length in Gen.Choose(0, Math.Max(0, bytes.Length - 1))
        select bytes[..length];

    /// <summary>A valid file with 1–8 bytes XOR-ed with a non-zero mask, anywhere in it.</summary>
    public static Gen<byte[]> Flipped(Gen<byte[]> valid) =>
        from bytes in valid.Where(b => b.Length > 0)
        from flips in Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Choose(1, 255)).ArrayOf().Select(a => a.Take(8).ToArray())
        select Apply(bytes, flips, (b, mask) => (byte)(b ^ mask));

    /// <summary>A valid file with bytes of <paramref name="window"/> (a range of its length) overwritten by invalid UTF-8 sequences.</summary>
    public static Gen<byte[]> InvalidUtf8(Gen<byte[]> valid, Func<byte[], (int Start, int End)> window) =>
        from bytes in valid
        from at in Gen.Choose(0, int.MaxValue)
        from bad in Gen.Elements<byte[]>([0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80])
        select Overwrite(bytes, window(bytes), at, bad);

    private static byte[] Apply(byte[] bytes, (int Position, int Mask)[] flips, Func<byte, byte, byte> change)
    {
        var copy = (byte[])bytes.Clone();
        foreach (var (position, mask) in flips) copy[position % copy.Length] = change(copy[position % copy.Length], (byte)mask);
        return copy;
    }

    private static byte[] Overwrite(byte[] bytes, (int Start, int End) window, int at, byte[] bad)
    {
        var copy = (byte[])bytes.Clone();
        int span = window.End - window.Start;
        if (span <= 0) return copy;
        int start = window.Start + at % span;
        for (int i = 0; i < bad.Length && start + i < window.End; i++) copy[start + i] = bad[i];
        return copy;
    }
}
