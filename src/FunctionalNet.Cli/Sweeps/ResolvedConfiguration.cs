using System.Collections.Immutable;
using FunctionalNet.Cli.Options;
using FunctionalNet.Data;
using FunctionalNet.Model;

namespace FunctionalNet.Cli.Sweeps;

/// <summary>A configuration with everything its trials need: train's settings and network, the data and its folds.</summary>
internal sealed record ResolvedConfiguration(Configuration Configuration, TrainSettings Settings, Architecture Architecture, Dataset Data,
    ImmutableArray<CrossValidationFold> Folds)
{
    /// <summary>A raw table's training rows (row i made <see cref="Data"/>'s row i), whose preprocessing each fold refits; null for numeric data.</summary>
    public DataFiles.TableRows? Rows { get; init; }
}
