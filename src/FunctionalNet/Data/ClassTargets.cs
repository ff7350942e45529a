using FunctionalNet.Data;
using System.Collections.Immutable;
using System.Globalization;
using FunctionalNet.Tensors;

namespace FunctionalNet;

/// <summary>One class per row: an index into <see cref="ClassNames"/>.</summary>
public sealed record ClassTargets : Targets
{
    /// <summary>Targets from labels in [0, classNames.Length); throws when a label is out of range.</summary>
    public ClassTargets(ImmutableArray<int> labels, ImmutableArray<string> classNames)
    {
        if (labels.IsDefault) throw new ArgumentException("labels are missing", nameof(labels));
        if (classNames.IsDefaultOrEmpty) throw new ArgumentException("at least one class name is needed", nameof(classNames));
        for (int i = 0; i < labels.Length; i++)
            if ((uint)labels[i] >= (uint)classNames.Length)
                throw new ArgumentException($"label {labels[i]} of row {i} is outside 0…{classNames.Length - 1}", nameof(labels));
        Labels = labels;
        ClassNames = classNames;
    }

    /// <summary>Class index of each row.</summary>
    public ImmutableArray<int> Labels { get; }

    /// <summary>Name of each class, indexed by label.</summary>
    public ImmutableArray<string> ClassNames { get; }

    /// <summary>Number of classes k.</summary>
    public int ClassCount => ClassNames.Length;

    /// <inheritdoc/>
    public override int Count => Labels.Length;

    /// <summary>Names "0", "1", …, "k−1" for classes that are just numbers.</summary>
    public static ImmutableArray<string> NumberedClasses(int count) =>
        [.. Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture))];

    /// <summary>How many rows each class has, indexed by label.</summary>
    public ImmutableArray<int> ClassCounts()
    {
        var counts = new int[ClassCount];
        foreach (int label in Labels) counts[label]++;
        return [.. counts];
    }

    /// <summary>The [m × k] one-hot matrix: row i has a 1 in column <c>Labels[i]</c>.</summary>
    public Matrix<double> OneHot()
    {
        var data = new double[Count * ClassCount];
        for (int i = 0; i < Count; i++) data[i * ClassCount + Labels[i]] = 1.0;
        return Matrix<double>.Own(Count, ClassCount, data);
    }

    /// <inheritdoc/>
    public override Targets SelectRows(ReadOnlySpan<int> indices)
    {
        var picked = new int[indices.Length];
        for (int i = 0; i < indices.Length; i++) picked[i] = Labels[indices[i]];
        return new ClassTargets([.. picked], ClassNames);
    }

    /// <summary>
    /// One-hot for k outputs; for one output and two classes, a single 0/1 column (a sigmoid unit's target).
    /// </summary>
    public override Matrix<double> ToMatrix(int? outputs = null)
    {
        int width = outputs ?? ClassCount;
        if (width == ClassCount) return OneHot();
        if (width == 1 && ClassCount == 2)
        {
            var data = new double[Count];
            for (int i = 0; i < Count; i++) data[i] = Labels[i];
            return Matrix<double>.Own(Count, 1, data);
        }
        throw new ArgumentException($"{ClassCount} classes need {ClassCount} outputs (or 1 when there are 2 classes), found {width}", nameof(outputs));
    }
}
