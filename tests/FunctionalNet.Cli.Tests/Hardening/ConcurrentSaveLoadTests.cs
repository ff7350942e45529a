using System.Security.Cryptography;
using FunctionalNet.Cli.Tests.Support;
using FunctionalNet.Formats;
using FunctionalNet.IO;

namespace FunctionalNet.Cli.Tests.Hardening;

/// <summary>
/// Issue 31, item 14: a reader of a model directory while another writer saves into it sees the old model or the
/// new one, whole — never a card of one save with the weights of another (the probe saw that in 16 of 66 tries).
/// </summary>
public sealed class ConcurrentSaveLoadTests : IDisposable
{
    private const int Saves = 100;

    private readonly TempDirectory dir = new();
    private readonly ModelDirectoryBytes first;
    private readonly ModelDirectoryBytes second;

    public ConcurrentSaveLoadTests()
    {
        Csv = dir.Write("tiny.csv", TinyCsv.Rows(40));
        first = Train("first", "1");
        second = Train("second", "2");
    }

    private string Csv { get; }

    private ModelDirectoryBytes Train(string name, string seed)
    {
        var run = Fnet.InProcess("train", "--data", Csv, "--layers", "4", "--epochs", "3", "--seed", seed, "--out", dir[name], "-q");
        Assert.True(run.ExitCode == 0, run.Error);
        return new ModelDirectoryBytes(File.ReadAllBytes(Path.Combine(dir[name], ModelDirectory.CardFile)),
            File.ReadAllBytes(Path.Combine(dir[name], ModelDirectory.WeightsFile)));
    }

    public void Dispose() => dir.Dispose();

    // Saves the two models in turn into one directory until told to stop or after `limit` saves; every save must succeed.
    private Task<int> Saver(string target, CancellationToken stop, int limit = int.MaxValue) => Task.Factory.StartNew(() =>
    {
        int saves = 0;
        while (!stop.IsCancellationRequested && saves < limit)
        {
            var saved = ModelFiles.Save(target, saves % 2 == 0 ? second : first);
            Assert.True(saved.IsRight, saved.Match(_ => "", e => e.Message));
            saves++;
        }
        return saves;
    }, TaskCreationOptions.LongRunning);

    [Fact]
    public async Task Loads_while_another_thread_saves_see_the_old_or_the_new_model_whole()
    {
        string target = dir["shared"];
        Assert.True(ModelFiles.Save(target, first).IsRight);
        string[] known = [Hash(first.Weights), Hash(second.Weights)];
        using var stop = new CancellationTokenSource();
        var saver = Saver(target, stop.Token, Saves);
        var failures = new List<string>();
        int loads = 0;
        while (!saver.IsCompleted)
        {
            // A Right has passed the weights' SHA-256 against its card; the card must be one of the two saved.
            ModelFiles.Load(target).Match(
                m => { if (!known.Contains(m.Card.WeightsSha256)) failures.Add($"load {loads}: a card naming weights {m.Card.WeightsSha256}"); },
                e => failures.Add($"load {loads}: {e.Code}: {e.Message}"));
            loads++;
        }
        await stop.CancelAsync();
        int saves = await saver;
        Assert.True(failures.Count == 0, $"{failures.Count} of {loads} loads during {saves} saves failed:\n{string.Join('\n', failures.Take(10))}");
        Assert.True(loads > saves, $"only {loads} loads ran beside {saves} saves; the test overlapped little");
    }

    [Fact]
    public async Task Fnet_predict_processes_while_saves_run_each_predict_with_the_old_or_the_new_model()
    {
        string target = dir["shared"];
        Assert.True(ModelFiles.Save(target, first).IsRight);
        string[] expected = [Predict(dir["first"]), Predict(dir["second"])];
        Assert.NotEqual(expected[0], expected[1]);
        using var stop = new CancellationTokenSource();
        var saver = Saver(target, stop.Token);
        var runs = new List<Run>();
        for (int i = 0; i < 6; i++) runs.Add(Fnet.AsProcess(dir.Path, "predict", "--model", target, "--data", Csv));
        await stop.CancelAsync();
        int saves = await saver;
        Assert.All(runs, run =>
        {
            Assert.True(run.ExitCode == 0, run.Error);
            Assert.Contains(run.Out, expected);
        });
        Assert.True(saves > runs.Count, $"only {saves} saves ran beside {runs.Count} processes");
    }

    private string Predict(string model)
    {
        var run = Fnet.InProcess("predict", "--model", model, "--data", Csv);
        Assert.True(run.ExitCode == 0, run.Error);
        return run.Out;
    }

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
