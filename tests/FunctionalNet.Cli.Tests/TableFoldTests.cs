using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Cli.DataFiles;
using FunctionalNet.Cli.Sweeps;
using FunctionalNet.Data;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.Data.Tables;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// A sweep on a raw table fits each fold's preprocessing on that fold's training rows only: a category seen only in
/// the held-out rows gets no one-hot column and encodes as all zeros there, and the network's inputs follow the fold.
/// </summary>
public class TableFoldTests
{
    // Random categories (a few letters) with gaps and a random fold (which rows train); row 0 trains with a category
    // and row 1 is held out, as every fold has both and a column with no value in training is refused, as in train.
    private static readonly Arbitrary<(string?[] Colours, bool[] Train)> Cases =
        (from rows in Gen.Choose(3, 20)
         from colours in Gen.ArrayOf(Gen.Elements<string?>("a", "b", "c", "d", null), rows)
         from train in Gen.ArrayOf(Gen.Elements(true, false), rows)
         select ((string?[])["a", .. colours[1..]], (bool[])[true, false, .. train[2..]])).ToArbitrary();

    [Property(MaxTest = 100)]
    public Property A_folds_preprocessing_sees_only_its_training_rows() =>
        Prop.ForAll(Cases, c =>
        {
            int rows = c.Colours.Length;
            int[] train = [.. Enumerable.Range(0, rows).Where(r => c.Train[r])], test = [.. Enumerable.Range(0, rows).Where(r => !c.Train[r])];
            var table = Table.Create([new TextColumn("colour", [.. c.Colours]), new NumberColumn("x", [.. Enumerable.Range(0, rows).Select(r => (double)r)])])
                .Match(t => t, e => throw new InvalidOperationException(e.Message));
            var data = Dataset.Classification(Matrix<double>.Create(rows, 1, new double[rows]), Enumerable.Range(0, rows).Select(r => r % 2), ["no", "yes"]);
            var network = Architecture.Create(1, [new Layer(3, Activation.Tanh), new Layer(2, Activation.Softmax)], Loss.CrossEntropy)
                .Match(a => a, e => throw new InvalidOperationException(e.Head.Message));
            var (architecture, parts) = TableFolds.Parts(data, new TableRows(table, TablePreprocessingOptions.Default), network, new CrossValidationFold(0, [.. train], [.. test]))
                .Match(p => p, e => throw new InvalidOperationException(e.Error.Message));
            var seen = train.Select(r => c.Colours[r]).OfType<string>().ToHashSet();
            var names = parts.Table!.FeatureNames;
            bool onlySeen = names.Where(n => n.StartsWith("colour=", StringComparison.Ordinal)).Select(n => n["colour=".Length..]).ToHashSet().SetEquals(seen);
            // A held-out row whose category the training rows never had is all zeros in the colour columns.
            bool unseenIsZero = test.Select((r, i) => (r, i)).Where(p => c.Colours[p.r] is { } colour && !seen.Contains(colour))
                .All(p => Enumerable.Range(0, seen.Count).All(j => parts.Test!.Features[p.i, j] == 0));
            return onlySeen && unseenIsZero && architecture.Inputs == names.Length && parts.Data.FeatureCount == names.Length
                && parts.Test!.Count == test.Length && parts.Data.Labels.SequenceEqual(train.Select(r => r % 2));
        });
}
