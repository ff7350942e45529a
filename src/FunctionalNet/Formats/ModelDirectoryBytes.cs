namespace FunctionalNet.Formats;

/// <summary>The two files of a model directory as bytes: the card (<c>model.json</c>) and the weights (<c>model.safetensors</c>).</summary>
/// <param name="Card">UTF-8 JSON of the model card, whose <c>weights_sha256</c> is the weights' checksum.</param>
/// <param name="Weights">The safetensors file.</param>
public sealed record ModelDirectoryBytes(byte[] Card, byte[] Weights);
