using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using Vision.Contracts.V1;

namespace Vision.Cli;

/// <summary>Sends a photo to PhotoAnalysis and prints what came back.</summary>
public static class PhotoCommand
{
    public static async Task<AnalyzePhotoResponse> AnalyzeAsync(GrpcChannel channel, string path, string? resolution, CancellationToken cancellationToken)
    {
        var client = new PhotoAnalysis.PhotoAnalysisClient(channel);
        var request = new AnalyzePhotoRequest
        {
            Image = ByteString.CopyFrom(await File.ReadAllBytesAsync(path, cancellationToken)),
            Resolution = resolution?.ToLowerInvariant() switch
            {
                "standard" => DetectionResolution.Standard,
                "high" => DetectionResolution.High,
                null => DetectionResolution.Unspecified,
                _ => throw new ArgumentException($"Unknown resolution '{resolution}'; use standard or high."),
            },
        };
        return await client.AnalyzePhotoAsync(request, cancellationToken: cancellationToken);
    }

    public static void Print(AnalyzePhotoResponse response, TextWriter output)
    {
        output.WriteLine($"{response.ImageFormat} {response.ImageWidth}x{response.ImageHeight}, {response.Resolution}, " +
                         $"{response.Timings.Total.ToTimeSpan().TotalMilliseconds:F1} ms");
        for (var i = 0; i < response.Detectors.Count; i++)
        {
            var model = response.Detectors[i];
            output.WriteLine($"  model #{i}: {model.Name} sha256 {model.Sha256} on {model.ExecutionProvider} ({model.InputWidth}x{model.InputHeight})");
        }

        foreach (var found in response.Objects)
        {
            output.WriteLine($"  {found.ClassName,-14} {found.Score:F2}  [{found.Box.Left:F0}, {found.Box.Top:F0}, {found.Box.Right:F0}, {found.Box.Bottom:F0}]  model #{found.DetectorIndex}");
        }
    }

    public static string Describe(RpcException error)
    {
        var status = error.GetRpcStatus();
        var reason = status?.GetDetail<ErrorInfo>()?.Reason;
        return reason is null ? $"{error.StatusCode}: {error.Status.Detail}" : $"{error.StatusCode} {reason}: {error.Status.Detail}";
    }
}
