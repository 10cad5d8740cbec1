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
    /// <returns>Null when the capture time is plausible; otherwise why not, in words a gateway's operator can act on (a
    /// gateway stamping Huế's wall time as UTC is seven hours ahead).</returns>
    public string? Refusal(Timestamp? capturedAt, out DateTimeOffset value)
    {
        value = default;
        if (capturedAt is null)
        {
            return "the frame has no capture time";
        }

        if (!TimestampField.IsRepresentable(capturedAt))
        {
            return "the capture time is not a representable timestamp (years 1 to 9999, nanoseconds below a second)";
        }

        value = capturedAt.ToDateTimeOffset();
        var now = time.GetUtcNow();
        if (value > now + options.Value.MaxCaptureLead)
        {
            return $"captured {Describe(value - now)} ahead of the server's clock (UTC {now:yyyy-MM-dd HH:mm:ss}); at most {Describe(options.Value.MaxCaptureLead)} ahead is taken (Vision:Ingest:MaxCaptureLead)";
        }

        if (value < now - options.Value.MaxCaptureAge)
        {
            return $"captured {Describe(now - value)} before the server's clock (UTC {now:yyyy-MM-dd HH:mm:ss}); at most {Describe(options.Value.MaxCaptureAge)} old is taken (Vision:Ingest:MaxCaptureAge)";
        }

        return null;
    }

    private static string Describe(TimeSpan span) => span switch
    {
        { TotalDays: >= 2 } => $"{(int)span.TotalDays} days",
        { TotalHours: >= 1 } => $"{(int)span.TotalHours} h {span.Minutes} min",
        { TotalMinutes: >= 1 } => $"{span.Minutes} min {span.Seconds} s",
        _ => $"{span.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s",
    };
}
