using Microsoft.ML.OnnxRuntime;

namespace Vision.Pipeline.Inference;

/// <summary>What an ONNX file says about itself (read once at load): producer, graph, version and custom key/values.</summary>
public sealed record ModelMetadata(
    string ProducerName,
    string GraphName,
    string Domain,
    string Description,
    long Version,
    IReadOnlyDictionary<string, string> Custom)
{
    internal static ModelMetadata Of(InferenceSession session)
    {
        var metadata = session.ModelMetadata;
        return new ModelMetadata(metadata.ProducerName, metadata.GraphName, metadata.Domain, metadata.Description, metadata.Version,
            new Dictionary<string, string>(metadata.CustomMetadataMap, StringComparer.Ordinal));
    }
}
