using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Vision.Service.Grpc.Errors;

/// <summary>
/// Reads a google.protobuf.Timestamp a client sent. Protobuf lets any seconds and nanos through; converting one
/// outside 0001-01-01..9999-12-31 throws, so every request timestamp is checked here first.
/// </summary>
public static class TimestampField
{
    private const long MinSeconds = -62_135_596_800; // 0001-01-01T00:00:00Z
    private const long MaxSeconds = 253_402_300_799; // 9999-12-31T23:59:59Z

    public static bool IsRepresentable(Timestamp timestamp) =>
        timestamp.Seconds is >= MinSeconds and <= MaxSeconds && timestamp.Nanos is >= 0 and <= 999_999_999;

    /// <returns>Null when the field is unset.</returns>
    /// <exception cref="RpcException">INVALID_ARGUMENT <c>TIMESTAMP_OUT_OF_RANGE</c> naming the field.</exception>
    public static DateTimeOffset? Read(Timestamp? timestamp, string fieldName)
    {
        if (timestamp is null)
        {
            return null;
        }

        if (!IsRepresentable(timestamp))
        {
            throw FieldError.Create(fieldName, "TIMESTAMP_OUT_OF_RANGE",
                $"{fieldName} ({timestamp.Seconds} s, {timestamp.Nanos} ns) is outside 0001-01-01 to 9999-12-31.");
        }

        return timestamp.ToDateTimeOffset();
    }
}
