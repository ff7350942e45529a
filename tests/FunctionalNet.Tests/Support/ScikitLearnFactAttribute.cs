namespace FunctionalNet.Tests.Support;

/// <summary>A fact skipped, with a message, where <c>/usr/bin/python3</c> cannot import scikit-learn (CI need not have it).</summary>
public sealed class ScikitLearnFactAttribute : FactAttribute
{
    private static readonly Lazy<bool> Available = new(() => Python.CanImport("sklearn"));

    public ScikitLearnFactAttribute()
    {
        if (!Available.Value) Skip = $"{Python.Path} cannot import sklearn (install python3-sklearn to recompute the metric cases live)";
    }
}
