using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FunctionalNet.Examples.Tests;

/// <summary>
/// A <c>```csharp</c> block of a Markdown file. A block is a whole program unless the line before it names a context,
/// <c>&lt;!-- fragment of NAME --&gt;</c>: then it is compiled in place of the <c>// snippet</c> line of
/// <c>Snippets/NAME.cs</c>, which declares what the fragment uses without declaring it.
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
    /// and its statements inside the context's method (or a method of its own), each under a <c>#line</c> pointing at
    /// the Markdown, so an error names the document's line.
    /// </summary>
    public string Wrap(int index, string contexts)
    {
        var unit = CSharpSyntaxTree.ParseText(Code, Options).GetCompilationUnitRoot();
        string template = Context is null
            ? "static class Program\n{\n    static void Run()\n    {\n        // snippet\n    }\n}\n"
            : File.ReadAllText(Path.Combine(contexts, Context + ".cs"));
        var context = CSharpSyntaxTree.ParseText(template, Options).GetCompilationUnitRoot();
        var text = new StringBuilder();
        foreach (var u in context.Usings) text.AppendLine(u.ToString());
        foreach (var u in unit.Usings) text.Append(Located(u)).AppendLine("#line default");
        text.AppendLine($"namespace Snippet{index};");
        string body = string.Concat(unit.Members.OfType<GlobalStatementSyntax>().Select(Located)) + "#line default\n";
        string members = string.Concat(context.Members.Select(m => m.ToFullString()));
        Assert.True(members.Contains("// snippet", StringComparison.Ordinal), $"Snippets/{Context}.cs has no '// snippet' line");
        text.AppendLine(members.Replace("// snippet", "\n" + body, StringComparison.Ordinal));
        foreach (var type in unit.Members.Where(m => m is not GlobalStatementSyntax)) text.Append(Located(type)).AppendLine("#line default");
        return text.ToString();
    }

    private string Located(SyntaxNode node) =>
        $"#line {Line + node.GetLocation().GetLineSpan().StartLinePosition.Line} \"{Document}\"\n{node}\n";

    public static CSharpParseOptions Options { get; } = new(LanguageVersion.Preview);

    [GeneratedRegex(@"<!--\s*fragment of ([\w-]+)\s*-->")]
    private static partial Regex FragmentMarker();
}
