using System.ComponentModel.DataAnnotations;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using Vision.Service.Grpc.Errors;

namespace Vision.Service.Grpc;

/// <summary>How far a gateway frame's capture time may lie from the server's clock (configuration <c>Vision:Ingest</c>).</summary>
public sealed class CaptureTimeWindowOptions
{
    public const string Section = "Vision:Ingest";

    /// <summary>Oldest capture accepted: a gateway may upload what it buffered during an outage, but not year-1 frames.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan MaxCaptureAge { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Furthest into the future a capture time may lie (camera clocks drift).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxCaptureLead { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// Checks a frame's capture time before it enters the pipeline: it must be a representable timestamp and lie within
/// the plausibility window around the server's clock. Time drives tracking and rules, so year 1 or 9999 must not.
/// </summary>
public sealed class CaptureTimeWindow(IOptions<CaptureTimeWindowOptions> options, TimeProvider time)
{
    public bool IsPlausible(Timestamp capturedAt, out DateTimeOffset value)
    {
        value = default;
        if (!TimestampField.IsRepresentable(capturedAt))
        {
            return false;
        }

        value = capturedAt.ToDateTimeOffset();
        var now = time.GetUtcNow();
        return value >= now - options.Value.MaxCaptureAge && value <= now + options.Value.MaxCaptureLead;
    }
}
