namespace FunctionalNet.Bench;

/// <summary>
/// What a scoring record adds to the schema: rows scored per call and the managed bytes allocated per call (measured
/// with <see cref="GC.GetAllocatedBytesForCurrentThread"/> around the timed loop; ONNX Runtime's native buffers are
/// not counted). The record's seconds over its samples give <c>ns_per_row</c>.
/// </summary>
/// <param name="RowsPerCall">1 for single-row scoring, the batch size otherwise.</param>
/// <param name="BytesPerCall">Managed bytes allocated per call, averaged over the timed calls.</param>
public sealed record ScoringTimes(int RowsPerCall, double BytesPerCall);
