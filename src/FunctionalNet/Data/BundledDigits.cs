using FunctionalNet.Data;
using FunctionalNet.Data.Loading;

namespace FunctionalNet;

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

    // Header, comma and last-column labels are known for our own files; stating them skips detection.
    private static readonly CsvOptions options = new() { Delimiter = ',', HasHeader = true, Label = LabelColumn.Last };

    private static LabelledData Read(string name)
    {
        using var stream = typeof(BundledDigits).Assembly.GetManifestResourceStream("FunctionalNet.Data." + name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing from the assembly");
        var data = CsvLoader.Load(stream, name, options).Match(
            d => d,
            errors => throw new InvalidOperationException($"embedded resource {name} is unreadable: {string.Join("; ", errors.Map(e => e.Message))}"));
        // The loader numbers classes in the numeric order of their labels; every digit occurs, so class k is digit k.
        if (!data.Classes.ClassNames.SequenceEqual(ClassTargets.NumberedClasses(10)))
            throw new InvalidOperationException($"embedded resource {name} should hold the digits 0–9, found classes {string.Join(", ", data.Classes.ClassNames)}");
        return new LabelledData(data.Features, data.Labels);
    }
}
