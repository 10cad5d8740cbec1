using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Vision.Service.Grpc.Errors;

/// <summary>
/// Keeps every refusal small: a status message or detail that quotes client text (a 1 MB camera id) is clipped, so
/// the answer always fits in the response trailers and the client gets it.
/// </summary>
public static class BoundedStatus
{
    public const int MaxMessageLength = 1024;
    public const int MaxFieldLength = 256;

    /// <summary>
    /// The most bytes of details a refusal carries (sent base64 in a trailer, a third more): room for a violation whose
    /// note is as long as a note may be, in Vietnamese (3 bytes a letter), and far below the 64 KiB of headers a client takes.
    /// </summary>
    public const int MaxDetailsBytes = 16 * 1024;

    private const string DetailsTrailer = "grpc-status-details-bin";

    /// <summary>Client text clipped to at most <paramref name="maxLength"/> characters, marked where it was cut.</summary>
    public static string Clip(string text, int maxLength = MaxFieldLength) =>
        text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, maxLength), $"… ({text.Length} characters)");

    /// <summary>The same refusal with its message and details clipped; the exception itself when it is already small.</summary>
    public static RpcException Bound(RpcException error)
    {
        var details = error.Trailers.Get(DetailsTrailer);
        var detailsTooLarge = details is not null && details.ValueBytes.Length > MaxDetailsBytes;
        if (error.Status.Detail.Length <= MaxMessageLength && !detailsTooLarge)
        {
            return error;
        }

        var trailers = new Metadata();
        foreach (var entry in error.Trailers)
        {
            if (entry.Key == DetailsTrailer)
            {
                trailers.Add(DetailsTrailer, ClipDetails(entry.ValueBytes));
            }
            else if (!entry.IsBinary && entry.Value.Length <= MaxFieldLength)
            {
                trailers.Add(entry);
            }
        }

        return new RpcException(new global::Grpc.Core.Status(error.StatusCode, Clip(error.Status.Detail, MaxMessageLength)), trailers);
    }

    private static byte[] ClipDetails(byte[] serialized)
    {
        Google.Rpc.Status status;
        try
        {
            status = Google.Rpc.Status.Parser.ParseFrom(serialized);
        }
        catch (InvalidProtocolBufferException)
        {
            return [];
        }

        var clipped = new Google.Rpc.Status { Code = status.Code, Message = Clip(status.Message, MaxMessageLength) };
        foreach (var detail in status.Details)
        {
            if (detail.TryUnpack<ErrorInfo>(out var errorInfo))
            {
                var info = new ErrorInfo { Domain = Clip(errorInfo.Domain), Reason = Clip(errorInfo.Reason) };
                foreach (var (key, value) in errorInfo.Metadata.Take(16))
                {
                    info.Metadata[Clip(key)] = Clip(value);
                }

                clipped.Details.Add(Any.Pack(info));
            }
            else if (detail.TryUnpack<BadRequest>(out var badRequest))
            {
                var bounded = new BadRequest();
                foreach (var violation in badRequest.FieldViolations.Take(16))
                {
                    bounded.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = Clip(violation.Field), Description = Clip(violation.Description, MaxMessageLength) });
                }

                clipped.Details.Add(Any.Pack(bounded));
            }
            else if (clipped.CalculateSize() + detail.CalculateSize() <= MaxDetailsBytes)
            {
                // Details the service composed (the current violation of a review conflict): kept whole while they fit.
                clipped.Details.Add(detail);
            }
        }

        return clipped.ToByteArray();
    }
}
