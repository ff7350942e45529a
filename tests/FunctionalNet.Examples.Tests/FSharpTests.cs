namespace FunctionalNet.Examples.Tests;

/// <summary>The F# example project builds against the library and uses it from F# as the guide shows.</summary>
public class FSharpTests
{
    [Fact]
    public void The_fsharp_program_fits_moons_predicts_an_array_row_and_reloads_identically()
    {
        string dir = Directory.CreateTempSubdirectory("fnet-fsharp-").FullName;
        try
        {
            var (code, output) = Dotnet.Run(ExampleRunner.RepositoryRoot, TimeSpan.FromMinutes(5),
                "run", "--project", "examples/fsharp", "-c", "Release", "--", "--out", dir);
            Assert.True(code == 0, output);
            Assert.True(ExampleRunner.Number(output, "test accuracy") >= 0.9, output);
            Assert.Matches(@"\(0\.5, -0\.3\) is class [01]", output);
            Assert.Contains("reloaded predictions identical: true", output, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(dir, "moons", "model.json")), output);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
