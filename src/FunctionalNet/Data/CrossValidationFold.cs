using FunctionalNet.Data;
using System.Collections.Immutable;

namespace FunctionalNet;

/// <summary>One cross-validation fold: rows to train on and rows to score on (disjoint, each ascending).</summary>
/// <param name="Index">0-based fold number.</param>
/// <param name="Train">Training row indices.</param>
/// <param name="Test">Held-out row indices.</param>
public sealed record CrossValidationFold(int Index, ImmutableArray<int> Train, ImmutableArray<int> Test);
