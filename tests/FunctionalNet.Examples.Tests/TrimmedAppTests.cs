using FunctionalNet.IO;

namespace FunctionalNet.Examples.Tests;

/// <summary>
/// A trimmed, self-contained app can load a model and predict: the card is source-generated JSON, and the library's
/// own code raises no trim warning (LanguageExt.Core's warnings are its own and are reported, not failed on).
/// </summary>
public class TrimmedAppTests
{
    [Fact]
    public void A_trimmed_app_loads_a_saved_model_and_predicts_the_library_s_labels()
    {
        string root = Directory.CreateTempSubdirectory("fnet-trimmed-").FullName;
        try
        {
            var model = Classifier.Fit(Generators.Moons(Rng.Create(1), 200, 0.1), MlpOptions.Default with { Layers = [8], Epochs = 50 }).OrThrow();
            ModelFiles.Save(Path.Combine(root, "model"), model).OrThrow();
            string expected = string.Join(' ', model.Predict(Generators.Moons(Rng.Create(3), 20, 0.1).Features));

            // The app docs/aot-publish.sh publishes as Native AOT, here trimmed.
            string app = Directory.CreateDirectory(Path.Combine(root, "app")).FullName;
            foreach (var file in Directory.GetFiles(Path.Combine(ExampleRunner.RepositoryRoot, "docs", "aot", "app")))
                File.Copy(file, Path.Combine(app, Path.GetFileName(file)));
            // Its own artifacts folder: the publish never touches the repository's bin/ and obj/.
            var publish = Dotnet.Run(app, TimeSpan.FromMinutes(10), "publish", "-c", "Release", "-o", "out", "--artifacts-path", Path.Combine(root, "artifacts"),
                "-p:FunctionalNetRoot=" + ExampleRunner.RepositoryRoot);
            Assert.True(publish.ExitCode == 0, publish.Output);
            Assert.DoesNotContain("Assembly 'FunctionalNet", publish.Output, StringComparison.Ordinal);

            var info = new System.Diagnostics.ProcessStartInfo(Path.Combine(app, "out", "ScoringApp")) { RedirectStandardOutput = true, RedirectStandardError = true };
            info.ArgumentList.Add(Path.Combine(root, "model"));
            using var run = System.Diagnostics.Process.Start(info)!;
            string stdout = run.StandardOutput.ReadToEnd(), stderr = run.StandardError.ReadToEnd();
            Assert.True(run.WaitForExit(TimeSpan.FromMinutes(1)) && run.ExitCode == 0, stdout + stderr);
            Assert.Equal(expected, stdout.Trim());
        }
        finally { Directory.Delete(root, recursive: true); }
    }
}
