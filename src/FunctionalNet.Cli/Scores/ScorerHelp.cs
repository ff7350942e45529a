namespace FunctionalNet.Cli.Scores;

/// <summary>How help text lists catalog scorers: each by its scikit-learn name, with the aliases it also takes.</summary>
internal static class ScorerHelp
{
    public static string List(IEnumerable<Scorer> scorers) =>
        string.Join(", ", scorers.Select(s => s.Aliases.IsEmpty ? s.Name : $"{s.Name} ({string.Join("/", s.Aliases)})"));
}
