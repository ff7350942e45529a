using System.Globalization;
using System.Reflection;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FunctionalNet.Tests.Support;

/// <summary>
/// Runs an FsCheck property inside an xunit test, for the two cases a <c>[Property]</c> method cannot express: one
/// property per <c>[Theory]</c> row (FsCheck.Xunit takes no theory data, and folding the rows into the generator
/// would change how many cases each row gets), and fuzz harnesses that run several generators in one test and judge
/// their tallies afterwards. Every other property is a <c>[Property(MaxTest = N)]</c> method returning <see cref="Property"/>.
/// </summary>
internal static class Properties
{
    /// <summary>Checks <paramref name="property"/> on <paramref name="cases"/> random cases with the assembly's replay seed, throwing on failure.</summary>
    public static void Check(Property property, int cases = 200, int maxRejected = 2000) =>
        FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(cases).WithMaxRejected(maxRejected).WithReplay(Replay), property);

    // The seed of the assembly-wide [Properties] attribute (Support/PropertyConfig.cs), so both routes replay the same one.
    private static readonly Replay Replay = ParseReplay(typeof(Properties).Assembly.GetCustomAttribute<PropertiesAttribute>()!.Replay);

    private static Replay ParseReplay(string text)
    {
        var parts = text.Trim('(', ')').Split(',');
        return new Replay(new Rnd(ulong.Parse(parts[0], CultureInfo.InvariantCulture), ulong.Parse(parts[1], CultureInfo.InvariantCulture)), null);
    }
}
