using FsCheck;
using FsCheck.Fluent;
using FunctionalNet.Tests.Support;

namespace FunctionalNet.Tests.Hardening;

/// <summary>
/// Runs a parser on hostile inputs and judges each outcome: it must return (a result or an error value), and must
/// not allocate more than a fixed multiple of the input plus a constant for buffers.
/// </summary>
internal static class Hostile
{
    /// <summary>Allowed allocation per input byte (the parsers keep numbers as doubles and JSON as a token table).</summary>
    public const long BytesPerInputByte = 64;

    /// <summary>Allowed allocation whatever the input: reader buffers, JSON metadata and the like.</summary>
    public const long FixedBytes = 1 << 20;

    /// <summary>
    /// Checks <paramref name="parse"/> on <paramref name="cases"/> inputs drawn from <paramref name="inputs"/>;
    /// <paramref name="parse"/> returns true when it accepted the input. Fails with the offending input in hex.
    /// </summary>
    public static Tally Check(Gen<byte[]> inputs, Func<byte[], bool> parse, int cases)
    {
        var tally = new Tally();
        Properties.Check(Prop.ForAll(inputs.ToArbitrary(), input =>
        {
            string? problem = Judge(input, parse, tally);
            Assert.True(problem is null, problem);
        }), cases);
        return tally;
    }

    /// <summary>Null when <paramref name="parse"/> behaved on <paramref name="input"/>, else what went wrong.</summary>
    public static string? Judge(byte[] input, Func<byte[], bool> parse, Tally tally)
    {
        ArgumentNullException.ThrowIfNull(tally);
        long before = GC.GetAllocatedBytesForCurrentThread();
        bool accepted;
        try
        {
            accepted = parse!(input);
        }
#pragma warning disable CA1031 // the point of the test: any exception escaping a parser is a finding, reported with its input
        catch (Exception e)
#pragma warning restore CA1031
        {
            return $"{e.GetType().Name}: {e.Message} on input {Show(input)}";
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        tally.Record(allocated, accepted);
        long bound = BytesPerInputByte * input.Length + FixedBytes;
        return allocated > bound ? $"allocated {allocated} bytes (bound {bound}) on {input.Length} bytes: {Show(input)}" : null;
    }

    private static string Show(byte[] input) =>
        input.Length <= 256 ? Convert.ToHexString(input) : Convert.ToHexString(input.AsSpan(0, 256)) + $"… ({input.Length} bytes)";
}

/// <summary>What a fuzz run saw, so a run that only ever hit one early rejection can be noticed.</summary>
internal sealed class Tally
{
    public int Cases { get; private set; }

    public int Accepted { get; private set; }

    public long MaxAllocated { get; private set; }

    public void Record(long allocated, bool accepted)
    {
        Cases++;
        if (accepted) Accepted++;
        MaxAllocated = Math.Max(MaxAllocated, allocated);
    }

    public override string ToString() => $"{Cases} cases, {Accepted} accepted, at most {MaxAllocated} bytes allocated by one";
}
