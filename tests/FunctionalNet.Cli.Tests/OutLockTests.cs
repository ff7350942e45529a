using FunctionalNet.Cli.Storage;
using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// fnet train holds an advisory lock on --out for the whole run: a second run into the same directory is refused in
/// one line naming the holder's pid (exit 2), and a lock left by a killed run does not block the next one.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class OutLockTests
{
    private static string[] Train(string dir, string epochs) => ["train", "--samples", "200", "--epochs", epochs, "--out", dir, "-q"];

    [Fact]
    public async Task A_second_run_into_a_locked_directory_is_refused_naming_the_holder_and_a_killed_holder_frees_it()
    {
        using var dir = new TempDirectory();
        string model = dir["m"];
        Assert.Equal(0, Fnet.InProcess(Train(model, "20")).ExitCode);
        string card = File.ReadAllText(Path.Combine(model, ModelStore.CardFile));
        using (var holder = Fnet.Start(dir.Path, Train(model, "10000000")))
        {
            // Wait for the child to own the lock (its pid file appears); this waits for an event, it measures nothing.
            string owner = Path.Combine(model, ".fnet.lock.owner");
            while (!File.Exists(owner) || File.ReadAllText(owner).Trim() != holder.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                if (holder.HasExited) Assert.Fail("the holder ended before taking the lock: " + await holder.StandardError.ReadToEndAsync());
                await Task.Delay(20);
            }
            var refused = Fnet.InProcess(Train(model, "5"));
            Assert.Equal(2, refused.ExitCode);
            Fnet.AssertOneLineError(refused, $"model directory {model} is in use by another run (pid {holder.Id} holds");
            Assert.Equal(card, File.ReadAllText(Path.Combine(model, ModelStore.CardFile))); // the refused run touched nothing
            holder.Kill(); // SIGKILL: the holder cannot release anything itself
            await holder.WaitForExitAsync();
        }
        // The kernel dropped the dead holder's lock; its leftover files do not block the next run.
        var next = Fnet.InProcess(Train(model, "5"));
        Assert.True(next.ExitCode == 0, next.Error);
        Assert.True(ModelStore.Load(model).IsRight);
    }

    [Fact]
    public void A_lock_held_in_this_process_refuses_a_run_too_and_a_failed_run_into_a_new_directory_leaves_nothing()
    {
        using var dir = new TempDirectory();
        var held = ModelStore.Locked(dir["m"], () =>
        {
            var refused = Fnet.InProcess(Train(dir["m"], "5"));
            Fnet.AssertOneLineError(refused, $"(pid {Environment.ProcessId} holds");
            return LanguageExt.Prelude.Right<CliError, int>(refused.ExitCode);
        });
        Assert.Equal(2, held.Match(c => c, e => -1));
        Assert.False(Directory.Exists(dir["m"])); // created for the lock, holding nothing else: removed on release
        // Fails inside the locked run: there is no checkpoint to resume from.
        var bad = Fnet.InProcess("train", "--samples", "200", "--epochs", "1", "--resume", dir["nothing"], "--out", dir["n"], "-q");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.False(Directory.Exists(dir["n"]));
    }

    [Fact]
    public void A_leftover_previous_beside_a_card_that_will_not_parse_is_cleared_and_the_run_saved()
    {
        using var dir = new TempDirectory();
        string model = dir["m"];
        Assert.Equal(0, Fnet.InProcess(Train(model, "5")).ExitCode);
        File.WriteAllText(Path.Combine(model, ModelStore.CardFile), "{ this is not a card");
        File.WriteAllBytes(Path.Combine(model, ModelStore.WeightsFile + ".previous"), [1, 2, 3, 4]);
        var run = Fnet.InProcess(Train(model, "5"));
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.True(ModelStore.Load(model).IsRight);
        Assert.False(File.Exists(Path.Combine(model, ModelStore.WeightsFile + ".previous")));
    }
}
