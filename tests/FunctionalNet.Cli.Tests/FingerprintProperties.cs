using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Cli.Options;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// A checkpoint may only be resumed by a run with the same fingerprint, so the fingerprint of a <c>--from-card</c> run
/// (whose options are the card's recorded <see cref="MlpOptions"/>) must tell apart options that differ in any
/// list-valued field — layers, activations, dropout, class weights. (The default table settings inside the text print their
/// lists by type name; they are constant there, the table's own description follows, and changing that text would refuse
/// every checkpoint written so far.)
/// </summary>
public class FingerprintProperties
{
    private static readonly TrainSettings Base = new("moons", null, 200, 0.1, "adam", 0.001, 10, 32, "xavier", 1, 0.2, null, 0.1, 10,
        false, "standard", "out", true, false, 0, null);

    private static Gen<MlpOptions> Options =>
        from layers in Gen.Choose(1, 9).ArrayOf().Where(a => a.Length is >= 1 and <= 3)
        from activation in Gen.Elements("relu", "tanh", "sigmoid")
        from dropout in Gen.Elements(0.0, 0.1, 0.25).ArrayOf(layers.Length)
        from weight in Gen.Elements(1.0, 2.0, 3.5)
        select MlpOptions.Default with
        {
            Layers = [.. layers], Activations = [.. layers.Select(_ => activation)], Dropout = [.. dropout],
            ClassWeights = System.Collections.Immutable.ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
                [new KeyValuePair<string, double>("a", weight)]),
        };

    /// <summary>Two recorded options give the same fingerprint exactly when they are equal, and their lists print by value.</summary>
    [Property(MaxTest = 60)]
    public Property Recorded_options_are_told_apart() =>
        Prop.ForAll(Options.Two().ToArbitrary(), pair =>
        {
            var (a, b) = pair;
            var arch = a.Architecture(2, 2, false).Match(x => x, e => throw new InvalidOperationException(e.ToString()));
            string fa = (Base with { Recorded = a }).Fingerprint(arch), fb = (Base with { Recorded = b }).Fingerprint(arch);
            return ((fa == fb) == a.Equals(b)).Label("equal exactly when the options are")
                .And(fa.Contains($"layers={string.Join(",", a.Layers)} ", StringComparison.Ordinal).Label($"layers by value in: {fa}"));
        });
}
