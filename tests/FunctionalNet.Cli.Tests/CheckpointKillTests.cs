using System.Collections.Immutable;
using FunctionalNet.Cli.Storage;
using FunctionalNet.Cli.Training;
using FunctionalNet.Cli.Tests.Support;
using FunctionalNet.Formats;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Training;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// A checkpoint save killed before any one of its steps (through <see cref="CheckpointStore"/>'s step seam) leaves
/// the previous checkpoint or the new one, whole: <c>--resume</c> loads one of them, never a checksum mismatch.
/// </summary>
public class CheckpointKillTests
{
    private static readonly Architecture Net = Architecture.Mlp([2, 4, 3], Activation.Tanh, Activation.Softmax, Loss.CrossEntropy)
        .Match(a => a, e => throw new InvalidOperationException(e.Head.Message));

    private static readonly UpdateRule Adam = Rules.Adam(0.01).Match(r => r, e => throw new InvalidOperationException(e.Head.Message));

    // Batches of 4 from 12 rows: three steps an epoch, as Iterate counts them.
    private static readonly EnginePlan Plan = new(MlpOptions.Default, Batching.Shuffled(4), Adam, null, null, null);

    private const int Rows = 12;

    private const string Fingerprint = "kill-test";

    /// <summary>What a kill does to the save: nothing after it runs (Files.Guard maps only I/O failures, so this escapes).</summary>
    private sealed class Killed : Exception;

    // Epoch e's iterate: its own parameters, a best from an earlier epoch, and an Adam state that has taken e steps.
    private static TrainingIterate<double> Iterate(int epoch)
    {
        var parameters = Initializer.Xavier.Initialize<double>(Net, Rng.Create((ulong)epoch));
        var state = Adam.Init<double>(Net.Layout.Count);
        for (int i = 0; i < epoch; i++)
            state = Adam.Update(ImmutableArray.Create(Enumerable.Repeat(0.1 * (i + 1), Net.Layout.Count).ToArray()), state, [.. parameters.Flat]).State;
        var best = new TrainingIterate<double>(epoch - 1, 0, Initializer.Xavier.Initialize<double>(Net, Rng.Create((ulong)epoch + 100)), 1.0 / epoch, null,
            0.01, 0, null, null);
        return new TrainingIterate<double>(epoch, epoch * 3, parameters, 2.0 / epoch, null, 0.01, 0, state, null) { Best = best, StaleEpochs = 1 };
    }

    private static CostHistory History(int epochs) => new([.. Enumerable.Range(1, epochs).Select(e => 2.0 / e)], []);

    private static void Save(string directory, int epoch, Action<string>? beforeStep = null) =>
        Assert.True(CheckpointStore.Save(directory, Fingerprint, Iterate(epoch), History(epoch), beforeStep ?? (_ => { })).IsRight);

    // The steps of a save (over an existing checkpoint, or the first one), by name, in order.
    private static List<string> Steps(string directory, bool over)
    {
        var steps = new List<string>();
        if (over) Save(directory, 2);
        Save(directory, 4, steps.Add);
        return steps;
    }

    private static void KillAt(string directory, int epoch, int step)
    {
        int seen = 0;
        Assert.Throws<Killed>(() => CheckpointStore.Save(directory, Fingerprint, Iterate(epoch), History(epoch), _ =>
        {
            if (seen++ == step) throw new Killed();
        }));
    }

    // Loads the checkpoint and checks it is exactly epoch `expected`'s, every file of it.
    private static int LoadedEpoch(string directory)
    {
        var (start, history) = CheckpointStore.Load<double>(directory, Net, Fingerprint, Plan, "adam", Rows)
            .Match(r => r, e => throw new InvalidOperationException(e.Error.Message));
        var wanted = Iterate(start.Epoch);
        Assert.Equal(wanted.Parameters.Flat.ToArray(), start.Parameters.Flat.ToArray());
        Assert.Equal(wanted.Best.Parameters.Flat.ToArray(), start.Best!.Parameters.Flat.ToArray());
        Assert.Equal(wanted.Best.Epoch, start.Best.Epoch);
        Assert.Equal(History(start.Epoch).Training.ToArray(), history.Training.ToArray());
        Assert.Null(Adam.StateProblem<double>(start.RuleState!, Net.Layout.Count));
        Assert.Equal(RuleStateFormat.Write(wanted.RuleState!).Match(f => Safetensors.Write(f), e => throw new InvalidOperationException(e.Message)),
            RuleStateFormat.Write(start.RuleState!).Match(f => Safetensors.Write(f), e => throw new InvalidOperationException(e.Message)));
        return start.Epoch;
    }

    [Fact]
    public void A_save_over_a_checkpoint_killed_before_any_step_leaves_the_old_or_the_new_checkpoint_whole_and_the_next_save_cleans_up()
    {
        using var dir = new TempDirectory();
        var steps = Steps(dir["probe"], over: true);
        Assert.Equal(3, steps.Count(step => step.StartsWith("delete ", StringComparison.Ordinal))); // the old checkpoint's files
        for (int k = 0; k < steps.Count; k++)
        {
            string m = dir[$"m{k}"];
            Save(m, 2);
            KillAt(m, 4, k);
            int loaded = LoadedEpoch(m);
            // Before the card's rename the old checkpoint is the one; after it, the new one.
            Assert.True(loaded == (k <= steps.IndexOf("commit checkpoint.json") ? 2 : 4), $"killed before step {k} ({steps[k]}): loaded epoch {loaded}");
            Save(m, 6);
            Assert.Equal(6, LoadedEpoch(m));
            Assert.Equal(4, Directory.GetFiles(CheckpointStore.Folder(m)).Length); // the card and its three files, nothing left over
        }
    }

    [Fact]
    public void A_first_save_killed_before_any_step_leaves_no_checkpoint_or_a_whole_one()
    {
        using var dir = new TempDirectory();
        var steps = Steps(dir["probe"], over: false);
        for (int k = 0; k < steps.Count; k++)
        {
            string m = dir[$"m{k}"];
            KillAt(m, 4, k);
            var loaded = CheckpointStore.Load<double>(m, Net, Fingerprint, Plan, "adam", Rows);
            if (k <= steps.IndexOf("commit checkpoint.json"))
                Assert.Equal($"checkpoint {Path.Combine(CheckpointStore.Folder(m), "checkpoint.json")} does not exist",
                    loaded.Match(_ => "loaded", e => e.Error.Message));
            else
                Assert.Equal(4, LoadedEpoch(m));
        }
    }

    [Fact]
    public void A_checkpoint_with_the_older_fixed_file_names_still_resumes_and_the_next_save_removes_them()
    {
        using var dir = new TempDirectory();
        Save(dir["m"], 2);
        string folder = CheckpointStore.Folder(dir["m"]);
        foreach (var file in Directory.GetFiles(folder, "*-*.safetensors"))
            File.Move(file, Path.Combine(folder, Path.GetFileName(file).Split('-')[0] + ".safetensors"));
        Assert.Equal(2, LoadedEpoch(dir["m"]));
        Save(dir["m"], 4);
        Assert.Equal(4, LoadedEpoch(dir["m"]));
        foreach (var kind in new[] { "current", "best", "optimizer" }) Assert.False(File.Exists(Path.Combine(folder, kind + ".safetensors")));
        Assert.Equal(4, Directory.GetFiles(folder).Length);
    }

    [Fact]
    public void A_save_failing_with_a_full_disk_at_any_step_is_one_error_naming_the_checkpoint_and_the_old_checkpoint_stays()
    {
        using var dir = new TempDirectory();
        var steps = Steps(dir["probe"], over: true);
        // Past the card's rename the new checkpoint is committed; only cleaning up can fail there.
        for (int k = 0; k < steps.Count; k++)
        {
            string m = dir[$"m{k}"];
            Save(m, 2);
            int seen = 0;
            var result = CheckpointStore.Save(m, Fingerprint, Iterate(4), History(4), _ =>
            {
                if (seen++ == k) throw new IOException("No space left on device");
            });
            string message = result.Match(_ => "saved", e => e.Error.Message);
            Assert.Equal($"cannot access checkpoint directory {CheckpointStore.Folder(m)}: No space left on device", message);
            Assert.Equal(k <= steps.IndexOf("commit checkpoint.json") ? 2 : 4, LoadedEpoch(m));
        }
    }
}
