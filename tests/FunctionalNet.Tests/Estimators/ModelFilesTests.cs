using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Formats;
using FunctionalNet.IO;

namespace FunctionalNet.Tests.Estimators;

/// <summary>ModelFiles: a library user saves and loads a model directory in one line each, with the CLI's guarantees.</summary>
public sealed class ModelFilesTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("fnet-modelfiles-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Property(MaxTest = 25)]
    public Property Saved_and_loaded_models_predict_bit_identically() =>
        Prop.ForAll(RandomEstimators.Cases(regression: false), RandomEstimators.Cases(regression: true), (c, r) =>
        {
            string dir = Path.Combine(root, Guid.NewGuid().ToString("N"));
            bool classifier = ModelFiles.Save(dir, c.Classifier!).IsRight
                && ModelFiles.LoadClassifier(dir).Match(
                    back => RandomEstimators.Bits(back.PredictProba(c.Rows)).SequenceEqual(RandomEstimators.Bits(c.Classifier!.PredictProba(c.Rows))), _ => false);
            // The same directory takes the regressor next: a save replaces a model of another task whole.
            bool regressor = ModelFiles.Save(dir, r.Regressor!).IsRight
                && ModelFiles.LoadRegressor(dir).Match(
                    back => RandomEstimators.Bits(back.Predict(r.Rows)).SequenceEqual(RandomEstimators.Bits(r.Regressor!.Predict(r.Rows))), _ => false);
            bool leftovers = Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal)
                .SequenceEqual([DirectoryLock.LockFile, ModelDirectory.CardFile, ModelDirectory.WeightsFile]);
            return (classifier && regressor && leftovers).Label($"{c} then {r}");
        });

    [Fact]
    public void Loading_a_classifier_from_a_regressor_directory_names_the_card()
    {
        string dir = Path.Combine(root, "r");
        Assert.True(ModelFiles.Save(dir, RandomEstimators.Build(true, 2, [3], 1, false, false, false, 1).Regressor!).IsRight);
        var error = ModelFiles.LoadClassifier(dir).Match(_ => null!, e => e);
        Assert.Equal("model.task", error.Code);
        Assert.StartsWith(Path.Combine(dir, ModelDirectory.CardFile) + ": the model is a regression model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_card_or_weights_file_that_never_ends_is_refused_by_bytes_read()
    {
        if (!File.Exists("/dev/zero")) return; // Unix only: a device whose FileInfo.Length is 0
        string dir = Path.Combine(root, "z");
        Assert.True(ModelFiles.Save(dir, RandomEstimators.Build(false, 2, [3], 2, false, false, false, 2).Classifier!).IsRight);
        string weights = Path.Combine(dir, ModelDirectory.WeightsFile);
        File.Delete(weights);
        File.CreateSymbolicLink(weights, "/dev/zero");
        var error = ModelFiles.Load(dir).Match(_ => null!, e => e);
        Assert.Equal("file.too-large", error.Code);
        string card = Path.Combine(dir, ModelDirectory.CardFile);
        File.Delete(card);
        File.CreateSymbolicLink(card, "/dev/zero");
        Assert.Equal("file.too-large", ModelFiles.Load(dir).Match(_ => null!, e => e).Code);
    }

    [Fact]
    public void A_save_into_a_directory_another_writer_holds_is_refused_and_changes_nothing()
    {
        string dir = Path.Combine(root, "held");
        var first = RandomEstimators.Build(false, 2, [3], 2, false, false, false, 3).Classifier!;
        Assert.True(ModelFiles.Save(dir, first).IsRight);
        byte[] card = File.ReadAllBytes(Path.Combine(dir, ModelDirectory.CardFile));
        using (var held = DirectoryLock.Acquire(dir).Match(l => l, e => throw new InvalidOperationException(e.Message)))
        {
            var error = ModelFiles.Save(dir, RandomEstimators.Build(false, 2, [3], 2, false, false, false, 4).Classifier!).Match(_ => null!, e => e);
            Assert.Equal("model.locked", error.Code);
            Assert.Contains($"pid {Environment.ProcessId}", error.Message, StringComparison.Ordinal);
        }
        Assert.Equal(card, File.ReadAllBytes(Path.Combine(dir, ModelDirectory.CardFile)));
        Assert.True(ModelFiles.Save(dir, first).IsRight); // released
    }
}
