using System.IO.Compression;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace FunctionalNet.Examples.Tests;

/// <summary>
/// The packed library as a user gets it: docs for IntelliSense, metadata, and a program that restores it from a
/// local source and trains through the public API.
/// </summary>
public class PackageTests(PackedLibrary packed) : IClassFixture<PackedLibrary>
{
    [Fact]
    public void The_package_documents_every_public_type_and_carries_its_metadata()
    {
        using var zip = ZipFile.OpenRead(packed.Package);
        var xml = zip.GetEntry("lib/net10.0/FunctionalNet.xml");
        Assert.NotNull(xml);
        using var docStream = xml.Open();
        var documented = XElement.Load(docStream).Descendants("member").Select(m => (string?)m.Attribute("name")).ToHashSet();

        using var dll = new MemoryStream();
        using (var entry = zip.GetEntry("lib/net10.0/FunctionalNet.dll")!.Open()) entry.CopyTo(dll);
        var publicTypes = PublicTypeDocumentationIds(dll.ToArray());
        Assert.True(publicTypes.Count > 50, $"only {publicTypes.Count} public types found");
        var undocumented = publicTypes.Where(id => !documented.Contains(id)).ToList();
        Assert.True(undocumented.Count == 0, "no <member> for " + string.Join(", ", undocumented));

        Assert.NotNull(zip.GetEntry("README.md"));
        Assert.Equal("README.md", packed.Field("readme"));
        Assert.Equal("MIT", packed.Field("license"));
        Assert.NotEmpty(packed.Field("description"));
        Assert.Contains("neural-network", packed.Field("tags").Split(' '));
        var dependencies = packed.Metadata.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string?)e.Attribute("id"));
        Assert.Contains("LanguageExt.Core", dependencies);
        // net10.0 ships System.Collections.Immutable; a package pin of a newer assembly than the framework's made
        // `dotnet fsi` refuse the package (FS0193), so the library takes the framework's.
        Assert.DoesNotContain("System.Collections.Immutable", dependencies);
    }

    [Fact]
    public void A_symbol_package_with_the_librarys_pdb_is_packed_beside_it()
    {
        string symbols = Path.ChangeExtension(packed.Package, ".snupkg");
        Assert.True(File.Exists(symbols), $"no {symbols}");
        using var zip = ZipFile.OpenRead(symbols);
        Assert.NotNull(zip.GetEntry("lib/net10.0/FunctionalNet.pdb"));
    }

    [Fact]
    public void The_symbol_package_s_pdb_links_the_sources_to_their_commit_on_the_remote()
    {
        using var zip = ZipFile.OpenRead(Path.ChangeExtension(packed.Package, ".snupkg"));
        using var pdb = new MemoryStream();
        using (var entry = zip.GetEntry("lib/net10.0/FunctionalNet.pdb")!.Open()) entry.CopyTo(pdb);
        pdb.Position = 0;
        using var provider = MetadataReaderProvider.FromPortablePdbStream(pdb);
        var reader = provider.GetMetadataReader();
        var sourceLinkKind = new Guid("CC110556-A091-4D38-9FEC-25AB9A351A6A"); // the Portable PDB's SourceLink record
        var sourceLink = reader.CustomDebugInformation.Select(reader.GetCustomDebugInformation)
            .Single(c => reader.GetGuid(c.Kind) == sourceLinkKind);
        using var json = JsonDocument.Parse(reader.GetBlobBytes(sourceLink.Value));
        var link = Assert.Single(json.RootElement.GetProperty("documents").EnumerateObject());

        Assert.Equal(Path.Join(Path.TrimEndingDirectorySeparator(ExampleRunner.RepositoryRoot), "*"), link.Name);
        string raw = PackedLibrary.Remote.Replace("https://github.com/", "https://raw.githubusercontent.com/", StringComparison.Ordinal);
        Assert.Matches($"^{Regex.Escape(raw)}/[0-9a-f]{{40}}/\\*$", link.Value.GetString());
        Assert.Contains(packed.Metadata.Elements(), e => e.Name.LocalName == "repository" && ((string?)e.Attribute("commit"))?.Length == 40);
    }

    [Fact]
    public void A_program_restores_the_package_from_a_local_source_and_learns_xor()
    {
        string app = Directory.CreateDirectory(Path.Combine(packed.Root, "app")).FullName;
        File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="FunctionalNet" Version="{packed.Field("version")}" />
              </ItemGroup>
            </Project>
            """);
        packed.WriteNugetConfig(app, globalPackagesFolder: "packages");
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using FunctionalNet;
            using FunctionalNet.Calculus;
            using FunctionalNet.Data;
            using FunctionalNet.Model;
            using FunctionalNet.Model.Activations;
            using FunctionalNet.Model.Losses;
            using FunctionalNet.Optimization.UpdateRules;
            using FunctionalNet.Training;

            var xor = Generators.Xor();
            var arch = Architecture.Mlp([2, 4, 2], Activation.Tanh, Activation.Softmax, Loss.CrossEntropy).OrThrow();
            var trained = (from rule in Rules.Adam(0.05)
                           from options in TrainingOptions.Create(maxEpochs: 500, batching: Batching.Full)
                           from trace in Train.Fit(arch, xor.ToBatch<double>(arch), rule, Initializer.HeNormal.Initialize<double>(arch, Rng.Create(1)), options)
                           select trace.Last())
                          .OrThrow();
            var predicted = Network.PredictLabels(arch, trained.Parameters, xor.Features);
            Console.WriteLine($"xor {string.Join(' ', predicted)} labels {string.Join(' ', xor.Labels)} cost {trained.TrainingCost:G4}");
            return predicted.SequenceEqual(xor.Labels) ? 0 : 1;
            """);

        var build = Dotnet.Run(app, TimeSpan.FromMinutes(10), "build", "-c", "Release");
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.True(File.Exists(Path.Combine(app, "packages", "functionalnet", packed.Field("version"), "lib", "net10.0", "FunctionalNet.xml")), build.Output);

        var run = Dotnet.Run(app, TimeSpan.FromMinutes(2), Path.Combine(app, "bin", "Release", "net10.0", "App.dll"));
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("xor 0 1 1 0 labels 0 1 1 0", run.Output);
    }

    [Fact]
    public void An_fsharp_script_loads_the_package_in_dotnet_fsi_and_learns_xor()
    {
        // The package once referenced System.Collections.Immutable 11.0, whose assembly dotnet fsi on .NET 10 cannot
        // load (FS0193); the script is run as a user would, restoring the fresh package into an empty package folder.
        string dir = Directory.CreateDirectory(Path.Combine(packed.Root, "script")).FullName;
        packed.WriteNugetConfig(dir);
        File.Copy(Path.Combine(ExampleRunner.RepositoryRoot, "examples", "fsharp", "xor.fsx"), Path.Combine(dir, "xor.fsx"));
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(dir, "packages") };
        var (code, output) = Dotnet.Run(dir, TimeSpan.FromMinutes(5), environment, "fsi", "--quiet", "xor.fsx");
        Assert.True(code == 0, output);
        Assert.Contains("xor 0 1 1 0", output, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(dir, "packages", "functionalnet")), output);
    }

    /// <summary>Documentation ids (<c>T:Namespace.Outer.Inner`1</c>) of the types visible outside the assembly.</summary>
    private static List<string> PublicTypeDocumentationIds(byte[] assembly)
    {
        using var pe = new PEReader(new MemoryStream(assembly));
        var reader = pe.GetMetadataReader();
        string? Id(TypeDefinition type)
        {
            var visibility = type.Attributes & TypeAttributes.VisibilityMask;
            if (type.GetDeclaringType() is { IsNil: false } outer)
                return visibility is TypeAttributes.NestedPublic or TypeAttributes.NestedFamily or TypeAttributes.NestedFamORAssem
                       && Id(reader.GetTypeDefinition(outer)) is { } outerId ? $"{outerId}.{reader.GetString(type.Name)}" : null;
            if (visibility != TypeAttributes.Public) return null;
            string ns = reader.GetString(type.Namespace);
            return ns.Length == 0 ? reader.GetString(type.Name) : $"{ns}.{reader.GetString(type.Name)}";
        }
        return [.. reader.TypeDefinitions.Select(h => Id(reader.GetTypeDefinition(h))).OfType<string>().Select(id => "T:" + id)];
    }
}
