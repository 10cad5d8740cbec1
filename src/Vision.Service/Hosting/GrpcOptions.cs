using System.ComponentModel.DataAnnotations;

namespace Vision.Service.Hosting;

/// <summary>The gRPC endpoint's limits (configuration <c>Vision:Grpc</c>).</summary>
public sealed class GrpcOptions
{
    public const string Section = "Vision:Grpc";

    /// <summary>Largest request message accepted; bigger ones fail with RESOURCE_EXHAUSTED before any service code runs.</summary>
    [Range(64 * 1024, int.MaxValue, ErrorMessage = "MaxReceiveMessageBytes must be at least 65536 (64 KiB): a camera frame or a photo is larger.")]
    public int MaxReceiveMessageBytes { get; set; } = 24 * 1024 * 1024;

    /// <summary>Room a photo's request takes beside its bytes (a report's description, category, place, time).</summary>
    private const int PhotoMessageOverhead = 64 * 1024;

    /// <summary>
    /// Why a photo limit of <paramref name="maxEncodedBytes"/> at <paramref name="key"/> cannot hold in a gRPC message,
    /// or null: a photo between the two was refused by the transport (RESOURCE_EXHAUSTED, no word of the limit) where
    /// the service promises IMAGE_TOO_MANY_BYTES.
    /// </summary>
    public static string? PhotoLimitProblem(IConfiguration configuration, string key, long maxEncodedBytes)
    {
        var messageLimit = SectionValidation.ReadNow<GrpcOptions>(configuration, Section).MaxReceiveMessageBytes;
        return maxEncodedBytes + PhotoMessageOverhead > messageLimit
            ? $"{key} ({maxEncodedBytes}) leaves no room in a gRPC message of {Section}:MaxReceiveMessageBytes ({messageLimit}); lower it or raise the message limit"
            : null;
    }
}
