using FsCheck;
using FsCheck.Fluent;

namespace FunctionalNet.Tests.Support;

/// <summary>Runs FsCheck properties inside xunit facts (FsCheck.Xunit is not available here).</summary>
internal static class Properties
{
    /// <summary>Checks <paramref name="property"/> on <paramref name="cases"/> random cases with a fixed seed, throwing on failure.</summary>
    public static void Check(Property property, int cases = 200, int maxRejected = 2000) =>
        FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(cases).WithMaxRejected(maxRejected).WithReplay(Replay), property);

    // A fixed replay seed keeps CI deterministic; change it locally to explore other cases.
    private static readonly Replay Replay = new(new Rnd(0x5EED_F00DUL, 0x1234_5677UL), null);
}
