using System.IO.Compression;
using System.Xml.Linq;

namespace FunctionalNet.Examples.Tests;

/// <summary>
/// <c>dotnet pack src/FunctionalNet</c> once for the package tests, into a temporary folder that serves as a local
/// NuGet source. The build goes to its own artifacts folder so it never touches the repository's bin/ and obj/.
/// A clone may have no remote, or one that is not on GitHub (CI clones a local path), so the pack is given a remote
/// of its own name (<see cref="Remote"/>) through a git configuration of its own and told to link to it
/// (<c>GitRepositoryRemoteName</c>), as SourceLink links a clone of the published repository to its <c>origin</c>.
/// </summary>
public sealed class PackedLibrary : IDisposable
{
    public PackedLibrary()
    {
        Root = Directory.CreateTempSubdirectory("fnet-package-").FullName;
        Feed = Path.Combine(Root, "feed");
        string gitConfig = Directory.CreateDirectory(Path.Combine(Root, "xdg", "git")).FullName;
        File.WriteAllText(Path.Combine(gitConfig, "config"), $"[remote \"{RemoteName}\"]\n\turl = {Remote}.git\n");
        var environment = new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = Path.GetDirectoryName(gitConfig)! };
        var (code, output) = Dotnet.Run(ExampleRunner.RepositoryRoot, TimeSpan.FromMinutes(10), environment,
            "pack", "src/FunctionalNet", "-c", "Release", "-o", Feed, "--artifacts-path", Path.Combine(Root, "artifacts"),
            $"-p:GitRepositoryRemoteName={RemoteName}");
        Assert.True(code == 0, output);
        Package = Assert.Single(Directory.GetFiles(Feed, "FunctionalNet.*.nupkg"));
        using var zip = ZipFile.OpenRead(Package);
        using var nuspec = zip.GetEntry("FunctionalNet.nuspec")!.Open();
        Metadata = XElement.Load(nuspec).Elements().Single(e => e.Name.LocalName == "metadata");
    }

    // A name no clone's own configuration uses, so the repository's origin (a local path in CI) cannot shadow it.
    private const string RemoteName = "fnet-package-test";

    /// <summary>The GitHub address the pack takes as the repository's remote.</summary>
    public const string Remote = "https://github.com/functionalnet/FunctionalNet";

    /// <summary>The temporary folder holding the feed, the build and anything a test makes.</summary>
    public string Root { get; }

    /// <summary>The folder the package was packed into: a local NuGet source.</summary>
    public string Feed { get; }

    /// <summary>The .nupkg file.</summary>
    public string Package { get; }

    /// <summary>The nuspec's metadata element.</summary>
    public XElement Metadata { get; }

    /// <summary>The text of the nuspec element <paramref name="name"/>, empty when it is missing.</summary>
    public string Field(string name) => Metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value ?? "";

    /// <summary>
    /// Writes a nuget.config into <paramref name="folder"/> with only two sources, both local: the feed just packed, and
    /// this machine's global packages folder, which holds the dependencies (restoring the repository put them there), so
    /// no network is needed. Source mapping takes FunctionalNet from the fresh feed only; a package folder of its own
    /// (<paramref name="globalPackagesFolder"/>, or NUGET_PACKAGES) keeps an earlier pack of the same version from being reused.
    /// </summary>
    public void WriteNugetConfig(string folder, string? globalPackagesFolder = null)
    {
        string packages = globalPackagesFolder is null ? "" : $"""<config><add key="globalPackagesFolder" value="{globalPackagesFolder}" /></config>""";
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              {packages}
              <packageSources>
                <clear />
                <add key="packed" value="{Feed}" />
                <add key="machine" value="{MachinePackages}" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="packed"><package pattern="FunctionalNet" /></packageSource>
                <packageSource key="machine"><package pattern="*" /></packageSource>
              </packageSourceMapping>
            </configuration>
            """);
    }

    /// <summary>Where this machine's restores put packages (NUGET_PACKAGES or NuGet's configuration decide).</summary>
    private static string MachinePackages { get; } = FindMachinePackages();

    private static string FindMachinePackages()
    {
        var (code, output) = Dotnet.Run(ExampleRunner.RepositoryRoot, TimeSpan.FromMinutes(1), "nuget", "locals", "global-packages", "--list");
        Assert.True(code == 0, output);
        const string label = "global-packages:";
        return output.Split('\n').Single(l => l.StartsWith(label, StringComparison.Ordinal))[label.Length..].Trim();
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
