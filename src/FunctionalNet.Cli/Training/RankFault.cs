using System.Globalization;
using FunctionalNet.Training;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// A test's way to make one process of a <c>--distributed</c> job fail mid-run: <c>FNET_TEST_RANK_FAULT=R:K:kill</c> kills
/// process R (SIGKILL) as it enters its K-th exchange, <c>R:K:hang</c> makes it stop answering there. Unset (always, outside
/// tests) the exchange is used as it is.
/// </summary>
internal sealed class RankFault : SlotExchange
{
    /// <summary>The environment variable read.</summary>
    public const string Variable = "FNET_TEST_RANK_FAULT";

    private readonly SlotExchange inner;
    private readonly long at;
    private readonly bool hang;
    private long exchanges;

    private RankFault(SlotExchange inner, long at, bool hang) => (this.inner, this.at, this.hang) = (inner, at, hang);

    /// <summary><paramref name="exchange"/>, with the fault the environment asks of this process when it asks one.</summary>
    public static SlotExchange Around(SlotExchange exchange)
    {
        string[] parts = (Environment.GetEnvironmentVariable(Variable) ?? "").Split(':');
        return parts.Length == 3 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out int rank) && rank == exchange.Rank
            && long.TryParse(parts[1], CultureInfo.InvariantCulture, out long at) && parts[2] is "kill" or "hang"
            ? new RankFault(exchange, at, parts[2] == "hang")
            : exchange;
    }

    /// <inheritdoc/>
    public override int Rank => inner.Rank;

    /// <inheritdoc/>
    public override int Ranks => inner.Ranks;

    /// <inheritdoc/>
    public override void AllGather(ReadOnlySpan<byte> mine, Span<byte> all)
    {
        if (++exchanges == at)
        {
            if (hang) Thread.Sleep(Timeout.Infinite);
            System.Diagnostics.Process.GetCurrentProcess().Kill();
        }
        inner.AllGather(mine, all);
    }
}
