namespace FunctionalNet.Data.Loading;

/// <summary>
/// Lines of a text, read in large blocks and handed out as spans of the block, so no string is made per line.
/// Line ends are those of <see cref="TextReader.ReadLine"/>: \n, \r or \r\n. A span is valid until the next call.
/// Readers other than <see cref="StreamReader"/> and <see cref="StringReader"/> may implement only ReadLine, so
/// they are read line by line.
/// </summary>
internal sealed class CsvLines(TextReader reader)
{
    private readonly bool byLine = reader is not (StreamReader or StringReader);

    // Starts small (a tiny file allocates little) and doubles to 64 K chars while reads fill it.
    private char[] buffer = new char[1 << 11];
    private int start, end;
    private bool ended;

    /// <summary>The next line without its terminator; false at the end of the text.</summary>
    public bool Next(out ReadOnlySpan<char> line)
    {
        if (byLine)
        {
            string? text = reader.ReadLine();
            line = text;
            return text is not null;
        }
        while (true)
        {
            var pending = buffer.AsSpan(start, end - start);
            int i = pending.IndexOfAny('\r', '\n');
            // A \r at the block's end may be the first half of \r\n: read on before deciding.
            if (i >= 0 && !(pending[i] == '\r' && i + 1 == pending.Length && !ended))
            {
                line = pending[..i];
                start += i + 1 + (pending[i] == '\r' && i + 1 < pending.Length && pending[i + 1] == '\n' ? 1 : 0);
                return true;
            }
            if (ended)
            {
                line = pending;
                start = end;
                return !pending.IsEmpty;
            }
            Fill();
        }
    }

    // Moves the unread part to the front (growing the buffer when one line fills it) and reads more after it.
    private void Fill()
    {
        int pending = end - start;
        if (pending == buffer.Length || buffer.Length < 1 << 16) Array.Resize(ref buffer, checked(buffer.Length * 2));
        if (start > 0) Array.Copy(buffer, start, buffer, 0, pending);
        (start, end) = (0, pending);
        int read = reader.Read(buffer, end, buffer.Length - end);
        if (read == 0) ended = true;
        end += read;
    }
}
