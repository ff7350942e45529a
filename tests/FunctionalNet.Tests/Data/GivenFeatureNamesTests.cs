using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Data;
using FunctionalNet.Data.Loading;

namespace FunctionalNet.Tests.Data;

/// <summary>
/// Whether a data set's feature names are real comes from its source — a CSV header, detected because the first row
/// is not all numbers — never from their spelling: a header of scikit-learn's defaults x0, x1, … is given names, the
/// same rows without it have none, and row selections, scaling and weights keep the distinction.
/// </summary>
public class GivenFeatureNamesTests
{
    private static Dataset Ok(string text) =>
        CsvLoader.Parse(text, "t.csv").Match(d => d, e => throw new InvalidOperationException(string.Join("; ", e)));

    [Property(MaxTest = 100)]
    public void Names_are_given_exactly_when_the_file_has_a_header(PositiveInt width, PositiveInt height, bool placeholders)
    {
        int features = 1 + width.Get % 6, rows = 2 + height.Get % 8;
        string[] names = [.. Enumerable.Range(0, features).Select(j => (placeholders ? "x" : "f") + j.ToString(CultureInfo.InvariantCulture))];
        string body = string.Concat(Enumerable.Range(0, rows).Select(r =>
            string.Join(',', Enumerable.Range(0, features).Select(j => ((r * 7 + j) % 5).ToString(CultureInfo.InvariantCulture))) + $",{r % 2}\n"));
        var named = Ok(string.Join(',', names) + ",label\n" + body);
        var bare = Ok(body);
        Assert.Equal(names, named.GivenFeatureNames.ToArray());
        Assert.Empty(bare.GivenFeatureNames);
        Assert.Equal(named.FeatureNames.ToArray(), placeholders ? bare.FeatureNames.ToArray() : names);
        int[] some = [.. Enumerable.Range(0, rows).Where(r => r % 2 == 0)];
        var offset = Enumerable.Repeat(0.5, features).ToArray();
        var scale = Enumerable.Repeat(2.0, features).ToArray();
        Assert.Equal(names, named.SelectRows(some).GivenFeatureNames.ToArray());
        Assert.Equal(names, named.SelectRows(some, offset, scale).WithWeights([.. some.Select(_ => 1.0)]).GivenFeatureNames.ToArray());
        Assert.Empty(bare.SelectRows(some).GivenFeatureNames);
        Assert.Empty(bare.WithFeatures(bare.Features).GivenFeatureNames);
    }
}
