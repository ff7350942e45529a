using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using FunctionalNet.Tensors;
using LanguageExt;
using static LanguageExt.Prelude;

namespace FunctionalNet.Data.Loading;

/// <summary>
/// Reads IDX files (MNIST): bytes 0–1 are zero, byte 2 is the element type (only 0x08, unsigned byte, is
/// accepted), byte 3 the number of dimensions d, then d big-endian 32-bit sizes, then the values. Strict: a
/// header that does not match the data is an <see cref="Error"/> naming the source and byte offset.
/// </summary>
/// <remarks>Error codes: idx.magic, idx.type, idx.dimensions, idx.size, idx.count-mismatch, idx.labels, idx.single-class (unless allowed).</remarks>
public static class IdxLoader
{
    private const byte UnsignedByte = 0x08;

    /// <summary>Reads one IDX array from <paramref name="stream"/> (left open), checking that the data fills the header's shape exactly.</summary>
    public static Validation<Error, IdxArray> Read(Stream stream, string source) =>
        ReadHeader(stream, source).Bind(dims =>
        {
            long total = dims.Aggregate(1L, (product, size) => product * size);
            var (data, got) = ReadUpTo(stream, (int)total);
            return DataProblem(stream, source, dims, got) is { } problem ? Fail(problem.Code, problem.Message)
                : Validation<Error, IdxArray>.Success(new IdxArray([.. dims], ImmutableCollectionsMarshal.AsImmutableArray(data)));
        });

    /// <summary>
    /// Reads an IDX header from <paramref name="stream"/> (left just past it, at the first value): the dimension sizes,
    /// whose product fits an array. A streaming reader reads the values itself and then asks <see cref="DataProblem"/>.
    /// </summary>
    public static Validation<Error, int[]> ReadHeader(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        Span<byte> magic = stackalloc byte[4];
        int got = stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        if (got < 4)
            return Fail<int[]>("idx.size", $"{source}, byte 0: expected a 4-byte IDX header, found {got} byte(s)");
        if (magic[0] != 0 || magic[1] != 0)
            return Fail<int[]>("idx.magic", $"{source}, byte 0: expected the IDX magic 0x00 0x00, found 0x{magic[0]:X2} 0x{magic[1]:X2}");
        if (magic[2] != UnsignedByte)
            return Fail<int[]>("idx.type", $"{source}, byte 2: expected element type 0x08 (unsigned byte), found 0x{magic[2]:X2}");
        int rank = magic[3];
        if (rank == 0)
            return Fail<int[]>("idx.dimensions", $"{source}, byte 3: expected at least 1 dimension, found 0");
        var header = new byte[4 * rank];
        got = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (got < header.Length)
            return Fail<int[]>("idx.size", $"{source}, byte {4 + got}: expected {rank} dimension sizes ({header.Length} bytes), found {got} byte(s)");
        var dims = new int[rank];
        long total = 1;
        for (int d = 0; d < rank; d++)
        {
            uint size = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4 * d));
            if (size == 0 || size > int.MaxValue)
                return Fail<int[]>("idx.dimensions", $"{source}, byte {4 + 4 * d}: expected dimension {d + 1} to be positive, found {size}");
            dims[d] = (int)size;
            total *= size;
            if (total > System.Array.MaxLength)
                return Fail<int[]>("idx.dimensions", $"{source}, byte {4 + 4 * d}: expected at most {System.Array.MaxLength} values, found a header declaring more");
        }
        return Validation<Error, int[]>.Success(dims);
    }

    /// <summary>
    /// After <paramref name="got"/> values were read past the header of <paramref name="dims"/>: the error when they fall
    /// short of its shape, or when <paramref name="stream"/> holds more after them (one byte is read to tell); else null.
    /// </summary>
    public static Error? DataProblem(Stream stream, string source, IReadOnlyList<int> dims, long got)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(dims);
        long total = dims.Aggregate(1L, (product, size) => product * size), offset = 4 + 4L * dims.Count;
        string shape = string.Join("×", dims);
        if (got < total)
            return new Error("idx.size", $"{source}, byte {offset + got}: expected {total} data bytes for shape {shape} after byte {offset}, found {got}");
        if (stream.ReadByte() >= 0)
            return new Error("idx.size", $"{source}, byte {offset + total}: expected the file to end after {total} data bytes for shape {shape}, found more");
        return null;
    }

    // Up to `count` bytes, in a buffer that grows only as bytes arrive: a header may promise gigabytes the file lacks.
    private static (byte[] Data, int Read) ReadUpTo(Stream stream, int count)
    {
        if (stream.CanSeek && stream.Length - stream.Position < count) return ([], (int)Math.Max(0, stream.Length - stream.Position));
        var data = new byte[Math.Min(count, 1 << 16)];
        int got = 0;
        while (true)
        {
            got += stream.ReadAtLeast(data.AsSpan(got), data.Length - got, throwOnEndOfStream: false);
            if (got < data.Length || data.Length == count) return (data, got);
            System.Array.Resize(ref data, (int)Math.Min(count, 2L * data.Length));
        }
    }

    /// <summary>
    /// Images and labels (e.g. MNIST's <c>train-images-idx3-ubyte</c> and <c>train-labels-idx1-ubyte</c>) as a
    /// classification data set: one row per image with its pixels flattened and multiplied by
    /// <paramref name="scale"/> (1/255 maps to [0, 1]); classes 0 … max label, named by number. Labels of one class
    /// only are an <c>idx.single-class</c> error (training needs two) unless <paramref name="allowSingleClass"/>, as
    /// when scoring a model on a file of one digit.
    /// </summary>
    public static Validation<Error, Dataset> Load(Stream images, string imagesSource, Stream labels, string labelsSource, double scale = 1.0,
        bool allowSingleClass = false)
    {
        if (!double.IsFinite(scale) || scale <= 0) throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale must be finite and > 0");
        var x = Read(images, imagesSource);
        var y = Read(labels, labelsSource);
        return (x, y).Apply((a, b) => (a, b)).Bind(p => ToDataset(p.a, imagesSource, p.b, labelsSource, scale, allowSingleClass));
    }

    /// <summary>
    /// The second half of <see cref="Load"/>, for arrays already read (one at a time, say, so a caller can tell
    /// which file failed): checks that the labels are one per image and builds the data set the same way.
    /// </summary>
    public static Validation<Error, Dataset> ToDataset(IdxArray images, string imagesSource, IdxArray labels, string labelsSource, double scale = 1.0,
        bool allowSingleClass = false)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        // Arrays from Read always fill their shape; hand-built ones must too, or the copy below would run off the end.
        foreach (var (array, name) in new[] { (images, nameof(images)), (labels, nameof(labels)) })
            if (array.Dimensions.IsDefaultOrEmpty || array.Data.IsDefault || array.Data.Length != (long)array.Count * array.ItemSize)
                throw new ArgumentException("the array's data does not fill the shape its dimensions declare", name);
        if (!double.IsFinite(scale) || scale <= 0) throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale must be finite and > 0");
        return Labels(images.Count, imagesSource, labels, labelsSource, allowSingleClass).Map(y =>
        {
            int m = images.Count, n = images.ItemSize;
            var pixels = new double[(long)m * n];
            var source = images.Data.AsSpan();
            for (int i = 0; i < pixels.Length; i++) pixels[i] = source[i] * scale;
            return Dataset.Classification(Matrix<double>.Own(m, n, pixels), y, ClassTargets.NumberedClasses(y.Max() + 1));
        });
    }

    /// <summary>
    /// The class labels of <paramref name="images"/> images from a label array (classes 0 … max label): an error when it
    /// is not 1-dimensional, not one label per image, or (unless <paramref name="allowSingleClass"/>) of one class only.
    /// </summary>
    public static Validation<Error, int[]> Labels(int images, string imagesSource, IdxArray labels, string labelsSource, bool allowSingleClass = false)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.ItemSize != 1)
            return Fail<int[]>("idx.labels", $"{labelsSource}, byte 3: expected a 1-dimensional label array, found shape {string.Join("×", labels.Dimensions)}");
        if (labels.Count != images)
            return Fail<int[]>("idx.count-mismatch", $"{labelsSource}, byte 4: expected {images} labels (one per image of {imagesSource}), found {labels.Count}");
        var y = new int[images];
        for (int i = 0; i < images; i++) y[i] = labels.Data[i];
        if (!allowSingleClass && y.Distinct().Take(2).Count() < 2)
            return Fail<int[]>("idx.single-class", $"{labelsSource}, byte {4 + 4 * labels.Dimensions.Length}: expected at least 2 classes for classification, found only {y[0]} in all {images} labels");
        return Validation<Error, int[]>.Success(y);
    }

    private static Validation<Error, T> Fail<T>(string code, string message) => Validation<Error, T>.Fail(Seq1(new Error(code, message)));

    private static Validation<Error, IdxArray> Fail(string code, string message) => Fail<IdxArray>(code, message);
}
