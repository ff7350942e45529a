using System.Globalization;
using FunctionalNet.Tensors;

namespace FunctionalNet.Data;

/// <summary>
/// The 8×8 handwritten digits (UCI "optdigits" test set as shipped by scikit-learn's <c>load_digits</c>):
/// 1797 images of 64 pixels with values 0–16, labels 0–9, split stratified 1347 / 450 with a fixed seed
/// (the split of <c>shared/data/digits_*.csv</c>). Embedded in the assembly, so no file or network is needed.
/// </summary>
public static class BundledDigits
{
    /// <summary>The 1347 training images, pixel values 0–16 (divide by 16 to scale to [0, 1]).</summary>
    public static LabelledData Train => train.Value;

    /// <summary>The 450 test images, pixel values 0–16.</summary>
    public static LabelledData Test => test.Value;

    private static readonly Lazy<LabelledData> train = new(() => Read("digits_train.csv"));
    private static readonly Lazy<LabelledData> test = new(() => Read("digits_test.csv"));

    // The resources are part of the assembly and known-good, so this reader trusts their shape.
    private static LabelledData Read(string name)
    {
        using var stream = typeof(BundledDigits).Assembly.GetManifestResourceStream("FunctionalNet.Data." + name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing from the assembly");
        using var reader = new StreamReader(stream);
        reader.ReadLine(); // header
        var rows = new List<double[]>();
        var labels = new List<int>();
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            var cells = line.Split(',');
            rows.Add(cells[..^1].Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray());
            labels.Add(int.Parse(cells[^1], CultureInfo.InvariantCulture));
        }
        return new LabelledData(Matrix<double>.FromRows(rows), [.. labels]);
    }
}
