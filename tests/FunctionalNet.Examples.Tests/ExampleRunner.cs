using System.Globalization;
using System.Text.RegularExpressions;

namespace FunctionalNet.Examples.Tests;

/// <summary>Runs an example exactly as the README says (<c>dotnet run examples/NAME.cs</c>) and captures its output.</summary>
internal static partial class ExampleRunner
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static (int ExitCode, string Output, string Pictures) Run(string name, params string[] extra)
    {
        string pictures = Directory.CreateTempSubdirectory("fnet-example-").FullName;
        var (code, output) = Dotnet.Run(RepositoryRoot, TimeSpan.FromMinutes(5), ["run", $"examples/{name}.cs", "--", "--out", pictures, .. extra]);
        return (code, output, pictures);
    }

    /// <summary>The number after <paramref name="label"/> on the first line that has it.</summary>
    public static double Number(string output, string label)
    {
        var match = Regex.Match(output, Regex.Escape(label) + @"\s*([-0-9.]+)");
        Assert.True(match.Success, $"no '{label}' in the output:\n{output}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FunctionalNet.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("FunctionalNet.sln not found above the test binaries");
    }
}
