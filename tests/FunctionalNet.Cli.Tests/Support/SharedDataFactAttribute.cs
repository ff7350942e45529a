namespace FunctionalNet.Cli.Tests.Support;

/// <summary>A fact skipped, with a message, where no <c>shared/data</c> folder (the peers' data) sits beside the repository.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    /// <summary>The nearest <c>shared/data</c> holding the digits files among the test binary's ancestors, or null.</summary>
    public static string? Folder { get; } = Find();

    public SharedDataFactAttribute()
    {
        if (Folder is null) Skip = "no shared/data beside the repository (the peers' data is not part of a clone)";
    }

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "data");
            if (File.Exists(Path.Combine(candidate, "digits_train.csv")) && File.Exists(Path.Combine(candidate, "digits_test.csv"))) return candidate;
        }
        return null;
    }
}
