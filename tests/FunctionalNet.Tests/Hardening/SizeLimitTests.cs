using FunctionalNet.Data;
using FunctionalNet.Formats;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;

namespace FunctionalNet.Tests.Hardening;

/// <summary>
/// Issue 16, items 10 and 11, in the core: sizes past an array are error values (they were OverflowException from
/// the layout or a generator), noise that would overflow the points is refused, and a card's JSON errors speak of
/// fields, not of .NET types.
/// </summary>
public class SizeLimitTests
{
    [Theory]
    [InlineData(new[] { 2, 100_000, 100_000, 2 }, "2-100000-100000-2 has 10000600002 parameters")]
    [InlineData(new[] { 1_000_000_000, 5, 5, 3 }, "1000000000-5-5-3 has 5000000053 parameters")]
    [InlineData(new[] { 65536, 65536, 65536, 65536 }, "65536-65536-65536-65536 has 12885098496 parameters")]
    public void Widths_whose_parameters_pass_an_array_are_an_error_value(int[] sizes, string fragment)
    {
        var built = Architecture.Mlp(sizes, Activation.Tanh, Activation.Softmax, Loss.CrossEntropy);
        var error = Assert.Single(built.Match(_ => [], e => e.ToArray()));
        Assert.Equal("architecture.size", error.Code);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        Assert.Contains("more than one array can hold", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_largest_network_an_array_holds_is_still_an_architecture()
    {
        // 1-N-1 has 3N + 1 parameters: the largest N with 3N + 1 ≤ Array.MaxLength is valid, one more is not.
        int n = (Array.MaxLength - 1) / 3;
        Assert.True(Architecture.Mlp([1, n, 1], Activation.Tanh, Activation.Identity, Loss.SquaredError).IsSuccess);
        Assert.True(Architecture.Mlp([1, n + 1, 1], Activation.Tanh, Activation.Identity, Loss.SquaredError).IsFail);
    }

    [Theory]
    [InlineData("moons", 1_073_741_824, 0.1, "generator.samples", "at most 1073741795 samples fit in one array")]
    [InlineData("spirals", int.MaxValue, 0.1, "generator.samples", "at most 1073741795 samples")]
    [InlineData("moons", 10, 1e308, "generator.noise", "noise must be at most 1E+300")]
    [InlineData("blobs", 10, double.MaxValue, "generator.noise", "noise must be at most 1E+300")]
    public void Generators_refuse_sizes_and_noise_they_cannot_hold(string name, int samples, double noise, string code, string fragment)
    {
        var error = Assert.Single(Generators.ByName(name, Rng.Create(1), samples, noise).Match(_ => [], e => e.ToArray()));
        Assert.Equal(code, error.Code);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Noise_at_the_limit_gives_finite_points()
    {
        var data = Generators.ByName("moons", Rng.Create(3), 2000, Generators.MaxNoise).Match(d => d, e => throw new InvalidOperationException(e.Head.Message));
        Assert.All(data.Features.Span.ToArray(), x => Assert.True(double.IsFinite(x)));
    }

    [Theory]
    [InlineData("{\"colour\": 2}", "unknown field 'colour'")]
    [InlineData("{\"format\": 1}", "holds a value of the wrong type")]
    [InlineData("{\"format\": null}", "is null, expected a value")]
    [InlineData("{\"format\": \"a\", \"format\": \"b\"}", "appears twice")]
    [InlineData("{\"format\": \"functionalnet.model/1\"}", "missing required field(s)")]
    [InlineData("{x", "invalid JSON")]
    public void Card_json_errors_name_the_field_and_no_dotnet_type(string json, string fragment)
    {
        var error = ModelCard.Parse(json).Match(_ => throw new InvalidOperationException("parsed"), e => e);
        Assert.Equal("card.json", error.Code);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        foreach (var leak in new[] { ".NET", "System.", "FunctionalNet.", "member", "type '" })
            Assert.DoesNotContain(leak, error.Message, StringComparison.Ordinal);
    }
}
