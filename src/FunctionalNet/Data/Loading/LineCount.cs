namespace FunctionalNet.Data.Loading;

/// <summary>Counts the lines of a seekable stream ahead of parsing (a vectorised byte count), then rewinds it.</summary>
internal static class LineCount
{
    /// <summary>
    /// Lines from the stream's position on: \n or \r terminators, whichever is more frequent (so \r\n counts once),
    /// plus an unterminated last line; 0 for more than int.MaxValue. A hint: blank lines are counted too. Also the
    /// bytes counted, which bound how many rows of a given width the text can hold.
    /// </summary>
    public static (int Lines, long Bytes) Of(Stream stream)
    {
        long start = stream.Position, newlines = 0, returns = 0, bytes = 0;
        var block = new byte[(int)Math.Clamp(stream.Length - start, 1, 1 << 16)];
        byte last = (byte)'\n';
        int read;
        while ((read = stream.Read(block)) > 0)
        {
            var span = block.AsSpan(0, read);
            bytes += read;
            newlines += span.Count((byte)'\n');
            returns += span.Count((byte)'\r');
            last = span[^1];
        }
        stream.Position = start;
        long lines = Math.Max(newlines, returns) + (last is (byte)'\n' or (byte)'\r' ? 0 : 1);
        return (lines > int.MaxValue ? 0 : (int)lines, bytes);
    }
}
