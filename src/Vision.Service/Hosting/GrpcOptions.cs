using System.ComponentModel.DataAnnotations;

namespace Vision.Service.Hosting;

/// <summary>The gRPC endpoint's limits (configuration <c>Vision:Grpc</c>).</summary>
public sealed class GrpcOptions
{
    public const string Section = "Vision:Grpc";

    /// <summary>Largest request message accepted; bigger ones fail with RESOURCE_EXHAUSTED before any service code runs.</summary>
    [Range(64 * 1024, int.MaxValue, ErrorMessage = "MaxReceiveMessageBytes must be at least 65536 (64 KiB): a camera frame or a photo is larger.")]
    public int MaxReceiveMessageBytes { get; set; } = 24 * 1024 * 1024;
}
