using FunctionalNet.Formats;

namespace FunctionalNet.Serve;

/// <summary>
/// The service's two endpoints over one loaded classifier: <c>POST /predict</c> scores JSON rows by feature name (or
/// arrays in input order) into classes and probabilities, <c>GET /model</c> returns the model card. A body that is not
/// JSON, a wrong or missing feature, or a NaN or infinite value is a 400 whose <c>error</c> is the one-line message.
/// </summary>
public static class ScoringService
{
    /// <summary>The app, not yet started: <paramref name="args"/> are ASP.NET Core's (<c>--urls</c>, logging levels…).</summary>
    public static WebApplication Create(Classifier classifier, string[] args)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        var builder = WebApplication.CreateSlimBuilder(args);
        var app = builder.Build();
        // The card as saved, encoded once: the same bytes `fnet` writes to model.json.
        byte[] card = ModelDirectory.Encode(classifier).Card;
        app.MapGet("/model", () => Results.Bytes(card, "application/json"));
        app.MapPost("/predict", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted).ConfigureAwait(false);
            return PredictRequest.Parse(body.ToArray(), classifier)
                .Bind(rows => PredictRequest.Score(rows, classifier))
                .Match(answer => Results.Bytes(answer, "application/json"),
                    error => Results.Text(PredictRequest.ErrorJson(error), "application/json", System.Text.Encoding.UTF8, StatusCodes.Status400BadRequest));
        });
        return app;
    }
}
