using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Data.Loading;
using FunctionalNet.IO;

namespace FunctionalNet.Tests.IO;

/// <summary>Loading by path reads what the stream loader reads, and a file that is not there is an error naming it.</summary>
public class DataFilesTests
{
    [Property(MaxTest = 20)]
    public Property A_file_loaded_by_path_equals_the_same_text_parsed(PositiveInt rowCount, int seed) => Prop.ForAll(
        Gen.Choose(1, 4).ToArbitrary(), features =>
        {
            int rows = 2 + rowCount.Get % 30;
            var rng = Rng.Create((ulong)(uint)seed);
            var values = new double[rows * features];
            rng.FillNormal<double>(values, 0, 3);
            var lines = Enumerable.Range(0, rows).Select(r =>
                string.Join(',', values.Skip(r * features).Take(features).Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))
                + (r % 2 == 0 ? ",cat" : ",dog"));
            string text = string.Join('\n', ["x" + string.Join(",x", Enumerable.Range(0, features)) + ",animal", .. lines]);
            string path = Path.Combine(Directory.CreateTempSubdirectory("fnet-datafiles-").FullName, "data.csv");
            try
            {
                File.WriteAllText(path, text);
                var loaded = DataFiles.Load(path, "animal").OrThrow();
                var parsed = CsvLoader.Parse(text, path, CsvOptions.Default with { Label = LabelColumn.Named("animal") }).OrThrow();
                return loaded.Features.Span.SequenceEqual(parsed.Features.Span)
                    && loaded.Labels.SequenceEqual(parsed.Labels)
                    && loaded.Classes.ClassNames.SequenceEqual(["cat", "dog"])
                    && loaded.FeatureNames.SequenceEqual(parsed.FeatureNames);
            }
            finally { Directory.Delete(Path.GetDirectoryName(path)!, recursive: true); }
        });

    [Fact]
    public void A_missing_file_is_an_error_naming_it()
    {
        string path = Path.Combine(Path.GetTempPath(), $"fnet-no-such-{Guid.NewGuid():N}.csv");
        var error = DataFiles.Load(path, "label").Match(_ => (Error?)null, errors => errors.Head);
        Assert.NotNull(error);
        Assert.Equal("file.missing", error.Code);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
