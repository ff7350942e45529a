using FunctionalNet.Data.Preprocessing;
using FunctionalNet.Data.Tables;

namespace FunctionalNet.Cli.DataFiles;

/// <summary>A table's raw feature columns (its training rows) and the preprocessing options to fit on them.</summary>
internal sealed record TableRows(Table Features, TablePreprocessingOptions Options);
