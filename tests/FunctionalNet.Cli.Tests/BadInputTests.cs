using System.Security.Cryptography;
using System.Text.Json.Nodes;
using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

/// <summary>Every bad input ends in one clear stderr line, a non-zero exit code, no stack trace and no model left behind.</summary>
public class BadInputTests
{
    [Theory]
    [InlineData("unknown data set", new[] { "--data", "mnist" }, "--data 'mnist' is neither a built-in data set")]
    [InlineData("malformed layers", new[] { "--layers", "5,,5" }, "--layers '5,,5' is not a comma-separated list")]
    [InlineData("zero-width layer", new[] { "--layers", "5,0" }, "--layers '5,0'")]
    [InlineData("unknown activation", new[] { "--activation", "mish" }, "--activation 'mish' is not one of")]
    [InlineData("softmax as hidden activation", new[] { "--activation", "softmax" }, "--activation 'softmax'")]
    [InlineData("unknown output", new[] { "--output", "relu" }, "--output 'relu' is not one of softmax, sigmoid, identity")]
    [InlineData("unknown loss", new[] { "--loss", "hinge" }, "--loss 'hinge' is not one of ce, bce, mse")]
    [InlineData("loss that does not pair", new[] { "--output", "sigmoid", "--loss", "ce" }, "loss ce does not pair with output activation sigmoid")]
    [InlineData("unknown optimizer", new[] { "--optimizer", "sgd-nesterov" }, "--optimizer 'sgd-nesterov' is not one of")]
    [InlineData("non-positive learning rate", new[] { "--lr", "-1" }, "--lr must be a finite number > 0, found -1")]
    [InlineData("zero epochs", new[] { "--epochs", "0" }, "--epochs must be a positive integer, found 0")]
    [InlineData("negative batch size", new[] { "--batch-size", "-5" }, "--batch-size must be ≥ 0")]
    [InlineData("unknown initializer", new[] { "--init", "orthogonal" }, "--init 'orthogonal' is not one of")]
    [InlineData("test split out of range", new[] { "--test-split", "1.5" }, "--test-split must be strictly between 0 and 1, found 1.5")]
    [InlineData("validation split out of range", new[] { "--validation-split", "1" }, "--validation-split must be in [0, 1), found 1")]
    [InlineData("both test options", new[] { "--test-split", "0.3", "--test-data", "t.csv" }, "--test-split and --test-data exclude each other")]
    [InlineData("negative checkpoint interval", new[] { "--checkpoint-every", "-1" }, "--checkpoint-every must be ≥ 0, found -1")]
    [InlineData("negative patience", new[] { "--patience", "-1" }, "--patience must be ≥ 0")]
    [InlineData("unknown dtype", new[] { "--dtype", "float16" }, "--dtype 'float16' is not one of float32, float64")]
    [InlineData("unknown scaling", new[] { "--scale", "robust" }, "--scale 'robust' is not one of none, minmax, standard")]
    [InlineData("negative lambda", new[] { "--lambda", "-0.5" }, "L2 strength λ must be finite and ≥ 0, found -0.5")]
    [InlineData("too few samples", new[] { "--samples", "1" }, "generator moons needs at least 2 samples, found 1")]
    [InlineData("not a number", new[] { "--epochs", "many" }, "Cannot parse argument 'many' for option '--epochs'")]
    [InlineData("unknown option", new[] { "--frobnicate" }, "Unrecognized command or argument '--frobnicate'")]
    public void Bad_train_options_are_one_line_errors_and_leave_no_model(string what, string[] args, string fragment)
    {
        using var dir = new TempDirectory();
        string[] defaults = [.. new[] { ("--samples", "40"), ("--epochs", "3") }.Where(d => !args.Contains(d.Item1)).SelectMany(d => new[] { d.Item1, d.Item2 })];
        var run = Fnet.InProcess(["train", .. defaults, .. args, "--out", dir["m"]]);
        Fnet.AssertOneLineError(run, fragment);
        Assert.Equal(2, run.ExitCode);
        Assert.False(Directory.Exists(dir["m"]), $"{what}: a model directory was created");
    }

    [Theory]
    [InlineData("ragged row", "a,b,label\n1,2,0\n1,0\n3,4,1\n", "line 3, column 3 (\"label\"): expected 3 fields (as on line 1), found 2")]
    [InlineData("non-numeric cell", "a,b,label\n1,x,0\n3,4,1\n", "line 2, column 2 (\"b\"): expected a number, found \"x\"")]
    [InlineData("NaN cell", "a,b,label\n1,NaN,0\n3,4,1\n", "line 2, column 2 (\"b\"): expected a finite number, found \"NaN\"")]
    [InlineData("infinite cell", "a,b,label\n1,Infinity,0\n3,4,1\n", "line 2, column 2 (\"b\"): expected a finite number")]
    [InlineData("empty file", "", "line 1, column 1: expected a header or data rows, found an empty file")]
    [InlineData("header only", "a,b,label\n", "line 1: expected data rows after the header, found only the header")]
    [InlineData("single class", "a,b,label\n1,2,0\n3,4,0\n", "expected at least 2 classes for classification, found only \"0\"")]
    public void Every_loader_error_names_the_file_and_place(string what, string csv, string fragment)
    {
        using var dir = new TempDirectory();
        string file = dir.Write("data.csv", csv);
        var run = Fnet.InProcess("train", "--data", file, "--out", dir["m"]);
        Fnet.AssertOneLineError(run, file);
        Assert.Contains(fragment, run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir["m"]), what);
    }

    [Fact]
    public void A_missing_data_file_and_a_directory_given_as_one_are_named()
    {
        using var dir = new TempDirectory();
        Fnet.AssertOneLineError(Fnet.InProcess("train", "--data", dir["nope.csv"], "--out", dir["m"]), $"data file {dir["nope.csv"]} does not exist");
        Fnet.AssertOneLineError(Fnet.InProcess("train", "--data", dir.Path + "/", "--out", dir["m"]), "is a directory, expected a file");
        Fnet.AssertOneLineError(Fnet.InProcess("train", "--data", "moons", "--test-data", dir["t.csv"], "--out", dir["m"]), $"data file {dir["t.csv"]} does not exist");
        Assert.False(Directory.Exists(dir["m"]));
    }

    [Fact]
    public void Test_data_with_other_features_or_classes_is_rejected()
    {
        using var dir = new TempDirectory();
        string train = dir.Write("train.csv", "a,b,label\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n");
        string wide = dir.Write("wide.csv", "a,b,c,label\n1,2,3,x\n3,4,5,y\n");
        string other = dir.Write("other.csv", "a,b,label\n1,2,x\n3,4,z\n");
        Fnet.AssertOneLineError(Fnet.InProcess("train", "--data", train, "--test-data", wide, "--out", dir["m"]), "the test data has 3 features but the training data has 2");
        Fnet.AssertOneLineError(Fnet.InProcess("train", "--data", train, "--test-data", other, "--out", dir["m"]), "the test data has class 'z', which the training data does not");
    }

    [Fact]
    public void A_diverging_run_fails_with_advice_and_saves_nothing()
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess("train", "--samples", "60", "--output", "identity", "--lr", "50", "--epochs", "200", "--out", dir["m"], "-q");
        Fnet.AssertOneLineError(run, "training diverged at epoch");
        Assert.Contains("try a smaller --lr than 50; no model was saved", run.Error, StringComparison.Ordinal);
        Assert.Equal(1, run.ExitCode);
        Assert.False(Directory.Exists(dir["m"]));
    }

    [Fact]
    public void An_output_path_that_is_a_file_is_an_error()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("taken", "keep me");
        Fnet.AssertOneLineError(Fnet.InProcess("train", "--samples", "40", "--epochs", "2", "--out", file, "-q"), "is an existing file, expected a directory");
        Assert.Equal("keep me", File.ReadAllText(file));
    }

    [Fact]
    public void Predicting_with_the_wrong_feature_count_names_both_counts()
    {
        using var model = TrainedModel();
        string csv = model.Write("three.csv", "a,b,c,d\n1,2,3,0\n5,6,7,1\n");
        Fnet.AssertOneLineError(Fnet.InProcess("predict", "--model", model["m"], "--data", csv), "three.csv has 4 feature columns but the model expects 2");
        Fnet.AssertOneLineError(Fnet.InProcess("evaluate", "--model", model["m"], "--data", csv), "feature columns but the model expects 2");
    }

    [Fact]
    public void Evaluating_labels_the_model_does_not_know_is_an_error()
    {
        using var model = TrainedModel();
        string csv = model.Write("labels.csv", "x0,x1,label\n1,2,0\n3,4,7\n");
        Fnet.AssertOneLineError(Fnet.InProcess("evaluate", "--model", model["m"], "--data", csv), "has label '7', which is not one of the model's classes (0, 1)");
    }

    [Fact]
    public void A_missing_model_card_or_weights_is_named()
    {
        using var model = TrainedModel();
        string csv = model.Write("p.csv", "1,2\n");
        Fnet.AssertOneLineError(Fnet.InProcess("predict", "--model", model["none"], "--data", csv), $"model directory {model["none"]} does not exist");
        File.Delete(model["m/model.safetensors"]);
        Fnet.AssertOneLineError(Fnet.InProcess("predict", "--model", model["m"], "--data", csv), "model weights " + model["m/model.safetensors"] + " does not exist");
        File.Delete(model["m/model.json"]);
        Fnet.AssertOneLineError(Fnet.InProcess("predict", "--model", model["m"], "--data", csv), "model card " + model["m/model.json"] + " does not exist");
    }

    [Theory]
    [InlineData("truncated", "does not match the SHA-256 in model.json")]
    [InlineData("flipped byte", "does not match the SHA-256 in model.json")]
    [InlineData("truncated, checksum updated", "ends at byte")]
    [InlineData("header length garbage, checksum updated", "the header claims")]
    [InlineData("dtype changed in the card", "is F64, but the model card says F32")]
    [InlineData("card not JSON", "model card:")]
    [InlineData("card with an unknown activation", "architecture.layers[0].activation 'mish' is not a known activation")]
    [InlineData("card pointing outside the directory", "weights must be a file name beside the card")]
    public void Corrupt_or_truncated_model_files_are_rejected_before_use(string damage, string fragment)
    {
        using var model = TrainedModel();
        string weights = model["m/model.safetensors"], card = model["m/model.json"];
        var bytes = File.ReadAllBytes(weights);
        var json = JsonNode.Parse(File.ReadAllText(card))!;
        void Rehash(byte[] b) => json["weights_sha256"] = Convert.ToHexStringLower(SHA256.HashData(b));
        switch (damage)
        {
            case "truncated": File.WriteAllBytes(weights, bytes[..^10]); break;
            case "flipped byte": bytes[^3] ^= 0x40; File.WriteAllBytes(weights, bytes); break;
            case "truncated, checksum updated": File.WriteAllBytes(weights, bytes[..^10]); Rehash(bytes[..^10]); break;
            case "header length garbage, checksum updated": bytes[5] = 0x7F; File.WriteAllBytes(weights, bytes); Rehash(bytes); break;
            case "dtype changed in the card": json["dtype"] = "float32"; break;
            case "card not JSON": File.WriteAllText(card, "{ \"format\": "); break;
            case "card with an unknown activation": json["architecture"]!["layers"]![0]!["activation"] = "mish"; break;
            case "card pointing outside the directory": json["weights"] = "../model.safetensors"; break;
        }
        if (damage != "card not JSON") File.WriteAllText(card, json.ToJsonString());
        string csv = model.Write("p.csv", "x0,x1\n1,2\n");
        Fnet.AssertOneLineError(Fnet.InProcess("predict", "--model", model["m"], "--data", csv), fragment);
    }

    [Fact]
    public void Bad_gradcheck_and_datasets_options_are_one_line_errors()
    {
        Fnet.AssertOneLineError(Fnet.InProcess("gradcheck", "--samples", "0"), "--samples must be a positive integer, found 0");
        Fnet.AssertOneLineError(Fnet.InProcess("gradcheck", "--layers", "x"), "--layers 'x'");
        Fnet.AssertOneLineError(Fnet.InProcess("datasets", "--export", "imagenet"), "--export 'imagenet' is not a built-in data set");
        Fnet.AssertOneLineError(Fnet.InProcess("frobnicate"), "Unrecognized command or argument 'frobnicate'");
    }

    internal static TempDirectory TrainedModel()
    {
        var dir = new TempDirectory();
        var run = Fnet.InProcess("train", "--samples", "60", "--epochs", "20", "--out", dir["m"], "-q");
        Assert.Equal(0, run.ExitCode);
        return dir;
    }

    [Fact]
    public void An_unknown_kernel_choice_is_one_line_naming_the_library_s_choices()
    {
        var run = Fnet.InProcess("train", "--data", "xor", "--epochs", "1", "--kernels", "bogus", "--out", Path.Combine(Path.GetTempPath(), "fnet-never-written"));
        Fnet.AssertOneLineError(run, "--kernels 'bogus' is not one of " + string.Join(", ", MlpOptions.KernelNames));
        Assert.Equal(2, run.ExitCode);
    }
}
