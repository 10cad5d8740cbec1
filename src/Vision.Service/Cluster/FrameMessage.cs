using System.Globalization;
using NATS.Client.Core;
using Vision.Pipeline.Runtime;

namespace Vision.Service.Cluster;

/// <summary>
/// One camera frame on the frame stream, as nodes publish it and as a gateway may publish it directly:
/// subject <c>vision.frames.{camera token}</c>, payload the JPEG bytes, headers <c>Vision-Sequence</c> (the camera's
/// frame number, decimal), <c>Vision-Captured-At</c> (ISO 8601 with offset, e.g. <c>2026-11-28T17:30:00.100+07:00</c>)
/// and <c>Nats-Msg-Id</c> <c>{camera id}:{sequence}</c> (JetStream drops a resent frame within the duplicate window).
/// </summary>
public static class FrameMessage
{
    public const string SequenceHeader = "Vision-Sequence";
    public const string CapturedAtHeader = "Vision-Captured-At";

    public static string MessageId(string cameraId, long sequence) => string.Create(CultureInfo.InvariantCulture, $"{cameraId}:{sequence}");

    public static NatsHeaders Headers(long sequence, DateTimeOffset capturedAt) => new()
    {
        [SequenceHeader] = sequence.ToString(CultureInfo.InvariantCulture),
        [CapturedAtHeader] = capturedAt.ToString("O", CultureInfo.InvariantCulture),
    };

    /// <summary>The sequence a message carries, or null when its header is missing or not a number.</summary>
    public static long? SequenceOf(NatsHeaders? headers) =>
        headers is not null && headers.TryGetValue(SequenceHeader, out var value)
        && long.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            ? sequence
            : null;

    /// <summary>The capture time a message carries, or null when its header is missing or malformed.</summary>
    public static DateTimeOffset? CapturedAtOf(NatsHeaders? headers) =>
        headers is not null && headers.TryGetValue(CapturedAtHeader, out var captured)
        && DateTimeOffset.TryParse(captured.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var capturedAt)
            ? capturedAt
            : null;

    /// <summary>The frame a message carries, or null when its headers are missing or malformed (a broken publisher).</summary>
    public static EncodedFrame? Read(string cameraId, NatsHeaders? headers, byte[]? jpeg)
    {
        if (SequenceOf(headers) is not { } sequence || jpeg is null || CapturedAtOf(headers) is not { } capturedAt)
        {
            return null;
        }

        return new EncodedFrame(cameraId, sequence, capturedAt, jpeg);
    }
}
