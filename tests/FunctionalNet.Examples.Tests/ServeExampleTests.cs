using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using FunctionalNet.IO;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Serve;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionalNet.Examples.Tests;

/// <summary>
/// examples/serve started on a loopback port over a saved model: its answers are the library's Predict and
/// PredictProba, bit for bit, under 8 concurrent clients; bad requests get a 400 with the one-line message.
/// </summary>
public sealed class ServeExampleTests : IAsyncLifetime, IDisposable
{
    private static readonly string[] Features = ["sepal length", "sepal width", "petal length", "petal width"];
    private readonly string directory = Directory.CreateTempSubdirectory("fnet-serve-").FullName;
    private Classifier model = null!;
    private WebApplication app = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        var architecture = Architecture.Mlp([4, 16, 3], Activation.Relu, Activation.Softmax, Loss.CrossEntropy).OrThrow();
        var weights = new NetworkWeights.F32(Initializer.Xavier.Initialize<float>(architecture, Rng.Create(1)));
        var scaler = new FunctionalNet.Formats.ScalerCard("standard", [5.8, 3.0, 3.8, 1.2], [0.8, 0.4, 1.8, 0.8]);
        var saved = Classifier.Create(architecture, weights, scaler, ["setosa", "versicolor", "virginica"], [.. Features], TrainingSummary.None).OrThrow();
        ModelFiles.Save(directory, saved).OrThrow();
        // As Program.cs does: the model is loaded once from its directory.
        model = ModelFiles.LoadClassifier(directory).OrThrow();
        app = ScoringService.Create(model, ["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public void Dispose() => client?.Dispose();

    public async Task DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Directory.Delete(directory, true);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> Post(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/predict", UriKind.Relative), content);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.Clone());
    }

    private static string Rows(double[][] rows) => "{\"rows\": [" + string.Join(", ", rows.Select(r =>
        "{" + string.Join(", ", r.Select((v, c) => $"\"{Features[c]}\": {v.ToString("R", CultureInfo.InvariantCulture)}")) + "}")) + "]}";

    [Fact]
    public async Task Eight_concurrent_clients_get_the_librarys_classes_and_probabilities()
    {
        var clients = Enumerable.Range(0, 8).Select(async c =>
        {
            var rng = Rng.Create((ulong)(100 + c));
            for (int request = 0; request < 5; request++)
            {
                var values = new double[(request + 1) * 4];
                rng.Fork((ulong)request).FillUniform<double>(values, 0, 8);
                double[][] rows = [.. values.Chunk(4)];
                var (status, body) = await Post(Rows(rows));
                Assert.Equal(HttpStatusCode.OK, status);
                var matrix = FunctionalNet.Matrix<double>.Create(rows.Length, 4, values);
                var classes = model.Predict(matrix);
                var probabilities = model.PredictProba(matrix);
                var predictions = body.GetProperty("predictions").EnumerateArray().ToList();
                Assert.Equal(rows.Length, predictions.Count);
                for (int r = 0; r < rows.Length; r++)
                {
                    Assert.Equal(classes[r], predictions[r].GetProperty("class").GetString());
                    for (int k = 0; k < 3; k++)
                        Assert.Equal(probabilities[r, k], predictions[r].GetProperty("probabilities").GetProperty(model.Classes[k]).GetDouble());
                }
            }
        });
        await Task.WhenAll(clients);
    }

    [Theory]
    [InlineData("{\"rows\": [", "the body is not JSON")]
    [InlineData("{\"rows\": [{\"sepal length\": 5, \"sepal width\": 3, \"petal length\": 1, \"petal size\": 0.2}]}", "row 0: the model has no feature 'petal size'")]
    [InlineData("{\"rows\": [{\"sepal length\": 5, \"sepal width\": 3, \"petal length\": 1}]}", "row 0: 1 feature(s) missing")]
    [InlineData("{\"rows\": [[5, 3, 1, 0.2], [5, \"NaN\", 1, 0.2]]}", "row 1, column 1 ('sepal width'): the feature is NaN, expected a finite number")]
    public async Task A_bad_request_is_a_400_with_the_one_line_message(string body, string message)
    {
        var (status, answer) = await Post(body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith(message, answer.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_model_endpoint_returns_the_saved_card()
    {
        string card = await client.GetStringAsync(new Uri("/model", UriKind.Relative));
        Assert.Equal(File.ReadAllText(Path.Combine(directory, "model.json")), card);
    }
}
