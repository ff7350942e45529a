using System.Collections.Immutable;

namespace FunctionalNet;

/// <summary>How much a score drops when one feature column (or one group of columns) is shuffled, over several shuffles.</summary>
/// <param name="Column">The feature's column index, or the group's index when columns were shuffled in groups.</param>
/// <param name="Mean">Mean drop, baseline score − shuffled score (scikit-learn's <c>importances_mean</c>).</param>
/// <param name="StandardDeviation">Population standard deviation of the drops (<c>importances_std</c>, numpy's ddof = 0).</param>
/// <param name="Drops">The drop of each repeat, in repeat order (<c>importances</c>).</param>
public sealed record FeatureImportance(int Column, double Mean, double StandardDeviation, ImmutableArray<double> Drops);
