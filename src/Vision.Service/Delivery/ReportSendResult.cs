namespace Vision.Service.Delivery;

/// <summary>What one attempt to send a report achieved.</summary>
/// <param name="Delivered">The backend has the report (accepted now, or named the request an earlier attempt made).</param>
/// <param name="Retryable">For a failure: whether another attempt may succeed (false for a request the backend refuses as malformed).</param>
/// <param name="RemoteId">The backend's id for the request, when it gave one.</param>
/// <param name="RetryAfter">For a failure: how long the backend asked to be left alone (its <c>Retry-After</c>), if it said.</param>
public sealed record ReportSendResult(bool Delivered, bool Retryable, string? RemoteId, string? Error, TimeSpan? RetryAfter = null)
{
    public static ReportSendResult Sent(string? remoteId) => new(true, false, remoteId, null);

    public static ReportSendResult Failed(string error, bool retryable, TimeSpan? retryAfter = null) => new(false, retryable, null, error, retryAfter);
}
