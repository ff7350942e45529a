using System.Collections.Immutable;

namespace FunctionalNet.Data.Loading;

/// <summary>
/// What a streamed CSV read (<see cref="CsvLoader.Stream{T}"/>) found besides the feature rows it handed to its sink.
/// </summary>
/// <param name="SkippedRows">Leading rows the sink received that turned out to be the header (0 or 1: a header of
/// numeric names is only recognised at the end); the data rows are the sink's rows after these.</param>
/// <param name="Rows">Data rows (after the skipped ones).</param>
/// <param name="FeatureNames">The header's feature names, or default for a file without a header.</param>
/// <param name="Targets">The rows' targets, as the in-memory loader gives them (class labels, values, or none).</param>
public sealed record CsvTable(int SkippedRows, int Rows, ImmutableArray<string> FeatureNames, Targets Targets);
