using System.Collections.Immutable;
using FunctionalNet.Optimization.UpdateRules;

namespace FunctionalNet.Tests.Optimization;

/// <summary>
/// The rule catalog is the rules: every entry builds through <see cref="Rules.ByName"/>, its ranges are the factories'
/// own checks at every range end, and named parameters reach the rule.
/// </summary>
public sealed class RuleCatalogTests
{
    [Fact]
    public void Every_entry_builds_by_name_with_its_defaults_and_reports_its_rate()
    {
        Assert.Equal(["sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop", "adagrad", "rprop"], Rules.Names.ToArray());
        foreach (var d in RuleCatalog.All)
        {
            var rule = Rules.ByName(d.Name.ToUpperInvariant(), d.DefaultLearningRate ?? 1).Get();
            Assert.Equal(d.TakesLearningRate, rule.Rate is not null);
            Assert.Equal(d.DefaultLearningRate ?? double.NaN, d.Create().Get().Rate?.At(0) ?? double.NaN);
            Assert.Equal(d.AliasOf is null, Rules.Names.Contains(d.Name));
        }
        Assert.Same(RuleCatalog.Find(" AdamW "), RuleCatalog.All.Single(d => d.Name == "adamw"));
        Assert.Null(RuleCatalog.Find("lion"));
        Assert.Equal(["rule.unknown"], Rules.ByName("lion", 0.1).Errors().Select(e => e.Code));
    }

    public static TheoryData<string> Described() => [.. RuleCatalog.All.Where(d => !d.Parameters.IsEmpty).Select(d => d.Name)];

    /// <summary>At each end of each range, a hair inside and outside it, and at non-finite values, the catalog accepts exactly what the factory does.</summary>
    [Theory]
    [MemberData(nameof(Described))]
    public void The_catalogs_ranges_are_the_factorys_checks(string name)
    {
        var d = RuleCatalog.Find(name)!;
        foreach (var p in d.Parameters)
        {
            var r = p.Range;
            foreach (double v in new[] { p.Default, r.Lower, Math.BitDecrement(r.Lower), Math.BitIncrement(r.Lower), r.Upper, Math.BitDecrement(r.Upper), Math.BitIncrement(r.Upper), double.NaN })
            {
                var errors = d.Create(parameters: ImmutableDictionary<string, double>.Empty.Add(p.Name, v)).Errors();
                bool refused = errors.Any(e => e.Code == $"{name}.{p.Name}");
                Assert.True(refused == !p.Accepts(v), $"{name} {p.Name} = {v}: catalog accepts {p.Accepts(v)}, the factory's errors: {string.Join("; ", errors)}");
            }
        }
    }

    [Fact]
    public void Named_parameters_reach_the_rule_and_unknown_ones_are_errors()
    {
        var weights = ImmutableArray.Create(1.0, -2.0, 0.5);
        var gradient = ImmutableArray.Create(0.3, 0.1, -0.2);
        var catalog = RuleCatalog.Find("adamw")!.Create(0.01, new Dictionary<string, double> { ["weight-decay"] = 0.2, ["beta2"] = 0.99 }).Get();
        var direct = Rules.AdamW(0.01, 0.2, beta2: 0.99).Get();
        Assert.Equal(direct.Update(gradient, direct.Init(weights), weights).Step.ToArray(), catalog.Update(gradient, catalog.Init(weights), weights).Step.ToArray());

        var unknown = RuleCatalog.Find("sgd")!.Create(0.1, new Dictionary<string, double> { ["decay"] = 0.9 }).Errors();
        Assert.Equal(["sgd.unknown-parameter"], unknown.Select(e => e.Code));
        Assert.Contains("sgd has no parameter 'decay'", unknown[0].Message, StringComparison.Ordinal);
        Assert.Contains("it takes decay, epsilon", RuleCatalog.Find("rmsprop")!.Create(parameters: new Dictionary<string, double> { ["rho"] = 0.9 }).Errors()[0].Message, StringComparison.Ordinal);
    }
}
