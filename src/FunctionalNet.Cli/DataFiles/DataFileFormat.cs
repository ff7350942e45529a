namespace FunctionalNet.Cli.DataFiles;

/// <summary>What a data file holds, told from its first bytes rather than its name.</summary>
internal enum DataFileFormat
{
    /// <summary>Anything else: read as CSV text (whose loader names what is wrong with it).</summary>
    Csv,

    /// <summary>An IDX array of two or more dimensions: one image (or feature vector) per item.</summary>
    IdxImages,

    /// <summary>A one-dimensional IDX array: one class label per item.</summary>
    IdxLabels,

    /// <summary>A Parquet table (magic PAR1): numeric feature columns and a label column.</summary>
    Parquet,

    /// <summary>Gzip data that does not decompress to an IDX file (compressed CSV is not read).</summary>
    OtherGzip,
}
