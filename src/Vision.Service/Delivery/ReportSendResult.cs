namespace Vision.Service.Delivery;

/// <summary>What one attempt to send a report achieved.</summary>
/// <param name="Delivered">The backend has the report (accepted now or recognised the idempotency key).</param>
/// <param name="Retryable">For a failure: whether another attempt may succeed (false for a request the backend refuses as malformed).</param>
/// <param name="RemoteId">The backend's id for the request, when it gave one.</param>
public sealed record ReportSendResult(bool Delivered, bool Retryable, string? RemoteId, string? Error)
{
    public static ReportSendResult Sent(string? remoteId) => new(true, false, remoteId, null);

    public static ReportSendResult Failed(string error, bool retryable) => new(false, retryable, null, error);
}
