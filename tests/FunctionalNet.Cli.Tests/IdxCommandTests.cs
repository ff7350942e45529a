using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

/// <summary>IDX (MNIST-format) files through train, evaluate and predict, plain and gzip-compressed, and their bad cases.</summary>
public class IdxCommandTests
{
    // An IDX file of unsigned bytes: 0, 0, 0x08, rank, big-endian sizes, then the values.
    private static byte[] Idx(int[] dims, byte[] data)
    {
        var bytes = new List<byte> { 0, 0, 0x08, (byte)dims.Length };
        var size = new byte[4];
        foreach (int d in dims)
        {
            BinaryPrimitives.WriteInt32BigEndian(size, d);
            bytes.AddRange(size);
        }
        bytes.AddRange(data);
        return [.. bytes];
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(bytes);
        return output.ToArray();
    }

    // 4×4 images of class 0 (top half lit), 1 (bottom half) or 2 (left half), with a little position-dependent texture.
    private static byte[] Image(int label, int i)
    {
        var pixels = new byte[16];
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 4; c++)
            {
                bool lit = label switch { 0 => r < 2, 1 => r >= 2, _ => c < 2 };
                pixels[r * 4 + c] = (byte)((lit ? 200 : 20) + (i * 7 + r * 3 + c) % 30);
            }
        return pixels;
    }

    private sealed record Files(string Images, string Labels, int[] Truth);

    private static Files Write(TempDirectory dir, string name, int[] labels, bool gzip = false)
    {
        byte[] images = Idx([labels.Length, 4, 4], [.. labels.SelectMany(Image)]);
        byte[] y = Idx([labels.Length], [.. labels.Select(l => (byte)l)]);
        string suffix = gzip ? ".gz" : "";
        string imagesPath = dir[$"{name}-images-idx3-ubyte{suffix}"], labelsPath = dir[$"{name}-labels-idx1-ubyte{suffix}"];
        File.WriteAllBytes(imagesPath, gzip ? Gzip(images) : images);
        File.WriteAllBytes(labelsPath, gzip ? Gzip(y) : y);
        return new Files(imagesPath, labelsPath, labels);
    }

    private static int[] Labels(int count, int offset = 0) => [.. Enumerable.Range(offset, count).Select(i => i % 3)];

    private static string Trained(TempDirectory dir)
    {
        var train = Write(dir, "train", Labels(60));
        var run = Fnet.InProcess("train", "--data", train.Images, "--labels", train.Labels, "--layers", "8", "--epochs", "300", "--out", dir["m"], "-q");
        Assert.True(run.ExitCode == 0, run.Error);
        return dir["m"];
    }

    [Fact]
    public void Idx_files_train_evaluate_and_predict_end_to_end_plain_or_gzipped()
    {
        using var dir = new TempDirectory();
        string model = Trained(dir);
        var card = TrainCommandTests.Loaded(model).Card;
        Assert.Equal([.. Enumerable.Range(0, 16).Select(i => $"pixel{i}")], card.Preprocessing.Features.ToArray());
        Assert.Equal(["0", "1", "2"], card.Preprocessing.Classes.ToArray());

        var test = Write(dir, "t10k", Labels(12, 1), gzip: true);
        var evaluation = Fnet.InProcess("evaluate", "--model", model, "--data", test.Images, "--labels", test.Labels, "--json");
        Assert.True(evaluation.ExitCode == 0, evaluation.Error);
        using (var json = JsonDocument.Parse(evaluation.Out))
        {
            Assert.Equal(12, json.RootElement.GetProperty("samples").GetInt32());
            Assert.Equal(1.0, json.RootElement.GetProperty("accuracy").GetDouble());
        }

        var predicted = Fnet.InProcess("predict", "--model", model, "--data", test.Images, "--proba");
        Assert.True(predicted.ExitCode == 0, predicted.Error);
        var lines = predicted.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("label,p_0,p_1,p_2", lines[0]);
        Assert.Equal(test.Truth.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)), lines[1..].Select(l => l.Split(',')[0]));

        // The same images as CSV (raw 0–255 values, MNIST's CSV layout) predict identically: IDX adds no scaling of its own.
        string csv = dir.Write("t10k.csv", string.Join(",", Enumerable.Range(0, 16).Select(i => $"pixel{i}")) + "\n"
            + string.Concat(test.Truth.Select((l, i) => string.Join(",", Image(l, i)) + "\n")));
        Assert.Equal(predicted, Fnet.InProcess("predict", "--model", model, "--data", csv, "--proba"));
    }

    [Fact]
    public void Idx_test_files_can_replace_the_test_split_and_may_hold_one_class()
    {
        using var dir = new TempDirectory();
        var train = Write(dir, "train", Labels(60));
        var sevens = Write(dir, "ones", [1, 1, 1, 1]);
        var run = Fnet.InProcess("train", "--data", train.Images, "--labels", train.Labels, "--test-data", sevens.Images,
            "--test-labels", sevens.Labels, "--layers", "8", "--epochs", "300", "--out", dir["m"], "-q");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(1.0, TrainCommandTests.Loaded(dir["m"]).Card.Metrics["test_accuracy"]);

        var evaluation = Fnet.InProcess("evaluate", "--model", dir["m"], "--data", sevens.Images, "--labels", sevens.Labels, "--json");
        Assert.True(evaluation.ExitCode == 0, evaluation.Error);
        using var json = JsonDocument.Parse(evaluation.Out);
        Assert.Equal([0, 4, 0], json.RootElement.GetProperty("report").EnumerateArray().Select(r => r.GetProperty("support").GetInt32()));
    }

    [Fact]
    public void Training_on_idx_labels_of_one_class_is_refused()
    {
        using var dir = new TempDirectory();
        var ones = Write(dir, "ones", [1, 1, 1, 1]);
        var run = Fnet.InProcess("train", "--data", ones.Images, "--labels", ones.Labels, "--out", dir["m"], "-q");
        Fnet.AssertOneLineError(run, $"{ones.Labels}, byte 8: expected at least 2 classes for classification, found only 1 in all 4 labels");
        Assert.False(Directory.Exists(dir["m"]));
    }

    [Fact]
    public void A_truncated_idx_file_is_a_one_line_error_naming_the_byte()
    {
        using var dir = new TempDirectory();
        string model = Trained(dir);
        var test = Write(dir, "t", Labels(6));
        File.WriteAllBytes(test.Images, File.ReadAllBytes(test.Images)[..^5]);
        string expected = $"{test.Images}, byte 107: expected 96 data bytes for shape 6×4×4 after byte 16, found 91";
        Fnet.AssertOneLineError(Fnet.InProcess("evaluate", "--model", model, "--data", test.Images, "--labels", test.Labels), expected);
        Fnet.AssertOneLineError(Fnet.InProcess("predict", "--model", model, "--data", test.Images), expected);
        Fnet.AssertOneLineError(Fnet.InProcess("train", "--data", test.Images, "--labels", test.Labels, "--out", dir["n"]), expected);
        Assert.False(Directory.Exists(dir["n"]));

        // Cut inside the gzip stream: the decompressed bytes fall short in the same way.
        var gz = Write(dir, "g", Labels(6), gzip: true);
        File.WriteAllBytes(gz.Images, File.ReadAllBytes(gz.Images)[..^12]);
        Fnet.AssertOneLineError(Fnet.InProcess("predict", "--model", model, "--data", gz.Images), $"{gz.Images}, byte");
    }

    [Fact]
    public void Image_and_label_counts_must_agree()
    {
        using var dir = new TempDirectory();
        string model = Trained(dir);
        var six = Write(dir, "six", Labels(6));
        var five = Write(dir, "five", Labels(5));
        string expected = $"{five.Labels}, byte 4: expected 6 labels (one per image of {six.Images}), found 5";
        Fnet.AssertOneLineError(Fnet.InProcess("evaluate", "--model", model, "--data", six.Images, "--labels", five.Labels), expected);
        var run = Fnet.InProcess("train", "--data", six.Images, "--labels", five.Labels, "--out", dir["n"]);
        Fnet.AssertOneLineError(run, expected);
        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public void An_idx_label_file_given_as_the_data_is_a_one_line_error()
    {
        using var dir = new TempDirectory();
        string model = Trained(dir);
        var test = Write(dir, "t", Labels(6));
        string expected = $"data file {test.Labels} is an IDX label file (1 dimension), not images; give the images as the data file and this one as --labels";
        var predict = Fnet.InProcess("predict", "--model", model, "--data", test.Labels);
        Fnet.AssertOneLineError(predict, $"data file {test.Labels} is an IDX label file (1 dimension), not images");
        Assert.DoesNotContain("--labels", predict.Error, StringComparison.Ordinal); // predict has no such option
        Fnet.AssertOneLineError(Fnet.InProcess("evaluate", "--model", model, "--data", test.Labels), expected);
        Fnet.AssertOneLineError(Fnet.InProcess("train", "--data", test.Labels, "--out", dir["n"]), expected);
        // Swapped: the images cannot be the labels either.
        Fnet.AssertOneLineError(Fnet.InProcess("evaluate", "--model", model, "--data", test.Labels, "--labels", test.Images), expected);
        Assert.False(Directory.Exists(dir["n"]));
    }

    [Fact]
    public void Idx_images_without_labels_and_labels_without_idx_images_are_one_line_errors()
    {
        using var dir = new TempDirectory();
        string model = Trained(dir);
        var test = Write(dir, "t", Labels(6));
        string csv = dir.Write("p.csv", "a,b,label\n1,2,0\n3,4,1\n");
        Fnet.AssertOneLineError(Fnet.InProcess("evaluate", "--model", model, "--data", test.Images), $"data file {test.Images} holds IDX images, which need their labels: add --labels FILE");
        Fnet.AssertOneLineError(Fnet.InProcess("train", "--data", test.Images, "--out", dir["n"]), "need their labels: add --labels FILE");
        Fnet.AssertOneLineError(Fnet.InProcess("train", "--data", "moons", "--test-data", test.Images, "--out", dir["n"]), "need their labels: add --test-labels FILE");
        Fnet.AssertOneLineError(Fnet.InProcess("evaluate", "--model", model, "--data", csv, "--labels", test.Labels), $"--labels {test.Labels} is for IDX images, but data file {csv} is not an IDX file");
        Fnet.AssertOneLineError(Fnet.InProcess("train", "--data", "moons", "--labels", test.Labels, "--out", dir["n"]), "--labels is for IDX images given as --data, but 'moons' is a built-in data set");
        Fnet.AssertOneLineError(Fnet.InProcess("train", "--test-labels", test.Labels, "--out", dir["n"]), "--test-labels goes with IDX images given as --test-data");
        Assert.False(Directory.Exists(dir["n"]));
    }

    [Fact]
    public void Images_of_another_size_or_labels_the_model_does_not_know_are_one_line_errors()
    {
        using var dir = new TempDirectory();
        string model = Trained(dir);
        string small = dir["small-images"];
        File.WriteAllBytes(small, Idx([2, 3, 3], new byte[18]));
        Fnet.AssertOneLineError(Fnet.InProcess("predict", "--model", model, "--data", small), $"{small} holds images of 3×3 = 9 values but the model expects 16 features");
        var five = Write(dir, "five", [0, 1, 5]);
        Fnet.AssertOneLineError(Fnet.InProcess("evaluate", "--model", model, "--data", five.Images, "--labels", five.Labels),
            "has label '3', which is not one of the model's classes (0, 1, 2)");
    }

    [Fact]
    public async Task A_pipe_is_read_as_csv_without_losing_the_bytes_the_format_check_would_read()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess("train", "--samples", "60", "--epochs", "20", "--out", dir["m"], "-q").ExitCode);
        string csv = "x0,x1\n0.5,0.25\n-1,0.5\n";
        var expected = Fnet.InProcess("predict", "--model", dir["m"], "--data", dir.Write("p.csv", csv));
        var info = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dir.Path, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { Fnet.ToolPath, "predict", "--model", "m", "--data", "/dev/stdin" }) info.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(info)!;
        await process.StandardInput.WriteAsync(csv);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(expected, new Run(process.ExitCode, await stdout, await stderr));
    }

    [Fact]
    public void Corrupt_gzip_data_is_a_one_line_error()
    {
        using var dir = new TempDirectory();
        string model = Trained(dir);
        var test = Write(dir, "t", Labels(6), gzip: true);
        var bytes = File.ReadAllBytes(test.Images);
        bytes[12] ^= 0xFF;
        bytes[13] ^= 0x55;
        File.WriteAllBytes(test.Images, bytes);
        Fnet.AssertOneLineError(Fnet.InProcess("predict", "--model", model, "--data", test.Images), $"data file {test.Images} is not valid gzip data");
        string gzCsv = dir["p.csv.gz"];
        File.WriteAllBytes(gzCsv, Gzip("a,b\n1,2\n"u8.ToArray()));
        Fnet.AssertOneLineError(Fnet.InProcess("predict", "--model", model, "--data", gzCsv), $"data file {gzCsv} is gzip-compressed but not an IDX file");
    }
}
