using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FunctionalNet.Examples.Tests;

/// <summary>
/// A <c>```csharp</c> block of a Markdown file. A block is a whole program unless the line before it names a context,
/// <c>&lt;!-- fragment of NAME --&gt;</c>: then its statements are the body of a method whose parameters, the line
/// <c>(…)</c> of <c>Snippets/NAME.txt</c>, declare what the fragment uses without declaring it, with the namespaces of
/// <c>Snippets/usings.txt</c> and the context's own <c>using</c> lines.
/// </summary>
internal sealed partial record DocSnippet(string Document, int Line, string Code, string? Context)
{
    /// <summary>The C# blocks of <paramref name="path"/>, named in diagnostics by <paramref name="document"/>.</summary>
    public static IEnumerable<DocSnippet> In(string path, string document)
    {
        var lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "```csharp") continue;
            int end = Array.FindIndex(lines, i + 1, l => l.TrimStart().StartsWith("```", StringComparison.Ordinal));
            var marker = i > 0 ? FragmentMarker().Match(lines[i - 1]) : Match.Empty;
            yield return new DocSnippet(document, i + 2, string.Join('\n', lines[(i + 1)..end]), marker.Success ? marker.Groups[1].Value : null);
            i = end;
        }
    }

    /// <summary>
    /// The block as a compilation unit of its own namespace (so blocks never clash): its using directives, its types,
    /// and its statements as the body of a method whose parameters are the context's, each under a <c>#line</c>
    /// pointing at the Markdown, so an error names the document's line.
    /// </summary>
    public string Wrap(int index, string contexts)
    {
        var unit = CSharpSyntaxTree.ParseText(Code, Options).GetCompilationUnitRoot();
        string[] context = Context is null ? ["()"] : File.ReadAllLines(Path.Combine(contexts, Context + ".txt"));
        var text = new StringBuilder();
        if (Context is not null) text.AppendLine(File.ReadAllText(Path.Combine(contexts, "usings.txt")));
        foreach (var u in context.Where(l => l.StartsWith("using ", StringComparison.Ordinal))) text.AppendLine(u);
        foreach (var u in unit.Usings) text.Append(Located(u)).AppendLine("#line default");
        text.AppendLine($"namespace Snippet{index};");
        text.AppendLine($"static class Context\n{{\n    static void Run{context.Single(l => l.StartsWith('('))}\n    {{");
        foreach (var statement in unit.Members.OfType<GlobalStatementSyntax>()) text.Append(Located(statement));
        text.AppendLine("#line default\n    }\n}");
        foreach (var type in unit.Members.Where(m => m is not GlobalStatementSyntax)) text.Append(Located(type)).AppendLine("#line default");
        return text.ToString();
    }

    private string Located(SyntaxNode node) =>
        $"#line {Line + node.GetLocation().GetLineSpan().StartLinePosition.Line} \"{Document}\"\n{node}\n";

    public static CSharpParseOptions Options { get; } = new(LanguageVersion.Preview);

    [GeneratedRegex(@"<!--\s*fragment of ([\w-]+)\s*-->")]
    private static partial Regex FragmentMarker();
}
