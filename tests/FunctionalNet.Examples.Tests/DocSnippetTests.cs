using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FunctionalNet.Examples.Tests;

/// <summary>
/// Every C# block in README.md and docs/*.md compiles against the library (one in-process compilation, seconds):
/// programs as they stand, fragments inside their named context (<see cref="DocSnippet"/>).
/// </summary>
public class DocSnippetTests
{
    [Fact]
    public void Every_csharp_block_of_the_readme_and_the_docs_compiles()
    {
        string root = ExampleRunner.RepositoryRoot;
        var documents = new[] { Path.Combine(root, "README.md") }.Concat(Directory.GetFiles(Path.Combine(root, "docs"), "*.md").Order(StringComparer.Ordinal));
        var snippets = documents.SelectMany(d => DocSnippet.In(d, Path.GetRelativePath(root, d))).ToList();
        Assert.True(snippets.Count >= 12, $"only {snippets.Count} C# blocks found");

        string contexts = Path.Combine(root, "tests", "FunctionalNet.Examples.Tests", "Snippets");
        var trees = snippets.Select((s, i) => CSharpSyntaxTree.ParseText(s.Wrap(i, contexts), DocSnippet.Options, path: $"snippet{i}.cs"))
            .Append(CSharpSyntaxTree.ParseText(ImplicitUsings, DocSnippet.Options, path: "usings.cs"));
        var compilation = CSharpCompilation.Create("DocSnippets", trees, References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        Assert.True(errors.Count == 0, string.Join('\n', errors));
    }

    // What an SDK project's ImplicitUsings give every program.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    // The assemblies this test runs with: the framework, the library, LanguageExt, ONNX Runtime's managed API.
    private static IEnumerable<MetadataReference> References =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
        .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        .Select(p => MetadataReference.CreateFromFile(p));
}
