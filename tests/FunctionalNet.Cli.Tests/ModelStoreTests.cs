using System.Collections.Immutable;
using FunctionalNet.Cli.Storage;
using FunctionalNet.Cli.Tests.Support;
using FunctionalNet.Formats;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.IO;

namespace FunctionalNet.Cli.Tests;

public class ModelStoreTests
{
    private static readonly Architecture Net = Architecture.Mlp([2, 4, 3], Activation.Tanh, Activation.Softmax, Loss.CrossEntropy)
        .Match(a => a, e => throw new InvalidOperationException(e.Head.Message));

    private static ModelCard Card(string dtype) => new(ModelCard.CurrentFormat, ModelCard.ThisLibrary, ModelCard.Describe(Net), dtype,
        ModelStore.WeightsFile, new string('0', 64), new PreprocessingCard(["a", "b"], ["x", "y", "z"], null, null), null,
        ImmutableSortedDictionary<string, double>.Empty);

    private static Parameters<double> Doubles(string directory) => ((NetworkWeights.F64)TrainCommandTests.Loaded(directory).Weights).Parameters;

    [Fact]
    public void Saved_parameters_load_back_bit_for_bit()
    {
        using var dir = new TempDirectory();
        var p64 = Initializer.Xavier.Initialize<double>(Net, Rng.Create(5));
        var p32 = Initializer.Xavier.Initialize<float>(Net, Rng.Create(6));
        Assert.True(ModelStore.Save(dir["d"], Card("float64"), p64).IsRight);
        Assert.True(ModelStore.Save(dir["s"], Card("float32"), p32).IsRight);
        Assert.Equal(p64.Flat.ToArray(), Doubles(dir["d"]).Flat.ToArray());
        Assert.Equal(p32.Flat.ToArray(), ((NetworkWeights.F32)TrainCommandTests.Loaded(dir["s"]).Weights).Parameters.Flat.ToArray());
    }

    [Fact]
    public void A_save_killed_before_its_renames_leaves_the_previous_model_intact_and_the_next_save_cleans_up()
    {
        using var dir = new TempDirectory();
        var before = Initializer.Xavier.Initialize<double>(Net, Rng.Create(1));
        ModelStore.Save(dir["m"], Card("float64"), before);
        // What a kill between staging and committing leaves behind: complete temporary files beside the model.
        AtomicWrite.Stage(dir["m/model.safetensors"], [1, 2, 3]);
        AtomicWrite.Stage(dir["m/model.json"], "{"u8.ToArray());
        Assert.Equal(before.Flat.ToArray(), Doubles(dir["m"]).Flat.ToArray());

        var after = Initializer.Xavier.Initialize<double>(Net, Rng.Create(2));
        ModelStore.Save(dir["m"], Card("float64"), after);
        Assert.Empty(Directory.GetFiles(dir["m"], "*" + AtomicWrite.TempSuffix));
        Assert.Equal(after.Flat.ToArray(), Doubles(dir["m"]).Flat.ToArray());
    }

    [Theory]
    [InlineData(1)] // old weights moved aside, new ones not yet renamed in
    [InlineData(2)] // new weights renamed in, card not yet
    [InlineData(3)] // card committed, aside copy not yet deleted
    public void A_save_killed_at_any_step_of_its_commit_leaves_a_complete_model(int stepsDone)
    {
        using var dir = new TempDirectory();
        var before = Initializer.Xavier.Initialize<double>(Net, Rng.Create(1));
        var after = Initializer.Xavier.Initialize<double>(Net, Rng.Create(2));
        ModelStore.Save(dir["m"], Card("float64"), before);
        ModelStore.Save(dir["staged"], Card("float64"), after);
        // Replay the commit sequence of ModelStore.Save by hand and stop after the given step, as a kill would.
        string weights = dir["m/model.safetensors"];
        WeightsJournal.SetAside(weights);
        if (stepsDone >= 2) File.Copy(dir["staged/model.safetensors"], weights);
        if (stepsDone >= 3) File.Copy(dir["staged/model.json"], dir["m/model.json"], overwrite: true);

        var expected = stepsDone >= 3 ? after : before;
        Assert.Equal(expected.Flat.ToArray(), Doubles(dir["m"]).Flat.ToArray());

        // The next save finishes the job and leaves no aside copy behind.
        var next = Initializer.Xavier.Initialize<double>(Net, Rng.Create(3));
        Assert.True(ModelStore.Save(dir["m"], Card("float64"), next).IsRight);
        Assert.False(File.Exists(weights + WeightsJournal.PreviousSuffix));
        Assert.Equal(next.Flat.ToArray(), Doubles(dir["m"]).Flat.ToArray());
    }

    [Fact]
    public void A_save_killed_between_its_two_renames_is_detected_rather_than_mixing_files()
    {
        using var dir = new TempDirectory();
        ModelStore.Save(dir["old"], Card("float64"), Initializer.Xavier.Initialize<double>(Net, Rng.Create(1)));
        ModelStore.Save(dir["new"], Card("float64"), Initializer.Xavier.Initialize<double>(Net, Rng.Create(2)));
        // Weights committed, card not yet: the old card meets the new weights.
        File.Copy(dir["new/model.safetensors"], dir["old/model.safetensors"], overwrite: true);
        var error = ModelStore.Load(dir["old"]).Match(_ => throw new InvalidOperationException("loaded a torn model"), e => e.Error);
        Assert.Equal("model.checksum", error.Code);
    }
}
