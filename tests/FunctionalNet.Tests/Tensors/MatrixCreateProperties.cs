using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FunctionalNet.Tests.Tensors;

/// <summary>The array form of <c>Matrix.Create</c> (for F#) is the span form.</summary>
public class MatrixCreateProperties
{
    [Property]
    public Property A_matrix_from_an_array_equals_the_matrix_from_its_span() =>
        Prop.ForAll<byte, byte, int>((r, c, seed) =>
        {
            int rows = r % 7, cols = c % 7;
            var values = new double[rows * cols];
            Rng.Create(seed).FillUniform<double>(values, -1, 1);
            var fromArray = Matrix<double>.Create(rows, cols, values);
            var fromSpan = Matrix<double>.Create(rows, cols, new ReadOnlySpan<double>(values));
            values.AsSpan().Clear();   // the array form copies, as the span form does
            return fromArray.Rows == rows && fromArray.Cols == cols
                   && Enumerable.Range(0, rows * cols).All(i => fromArray[i / cols, i % cols].Equals(fromSpan[i / cols, i % cols]));
        });
}
