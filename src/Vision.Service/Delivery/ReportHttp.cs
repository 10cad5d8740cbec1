using System.Net;

namespace Vision.Service.Delivery;

/// <summary>One HTTP attempt with its own timeout, turned into a <see cref="ReportSendResult"/>.</summary>
internal static class ReportHttp
{
    public const int MaxBodyBytes = 64 * 1024;

    public static async Task<ReportSendResult> SendAsync(
        HttpClient http, HttpRequestMessage request, TimeSpan timeout, Func<string, string?> readRemoteId, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token);
            if (response.IsSuccessStatusCode)
            {
                // The status line says it is taken: a body that stalls or is cut off costs only the request id. Counted a
                // failure, the report was sent again, and the backend (GeoReport v2 has no deduplication) made a second case.
                return ReportSendResult.Sent(await RemoteIdOfAsync(response, readRemoteId, attempt.Token));
            }

            var body = await ErrorBodyAsync(response, attempt.Token, cancellationToken);
            // 409 with an Idempotency-Key means an earlier attempt is still being processed (it may yet fail): it is
            // delivered only when the backend names the request it holds.
            if (response.StatusCode == HttpStatusCode.Conflict && readRemoteId(body) is { } existing)
            {
                return ReportSendResult.Sent(existing);
            }

            var excerpt = body.Length > 300 ? body[..300] : body;
            var error = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}: {excerpt}";
            if ((int)response.StatusCode is >= 300 and < 400)
            {
                // Redirects are not followed: a POST redirected becomes a GET (the report dropped, a list taken for an answer).
                error = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}, redirected to {response.Headers.Location}: configure the address the backend redirects to";
            }

            // Only a request the backend says is malformed is hopeless; a refused key or a wrong path is a configuration
            // problem an operator fixes, and the reports must wait for that rather than be dead-lettered at once.
            var retryable = response.StatusCode is not (HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity);
            return ReportSendResult.Failed(error, retryable, RetryAfter(response));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ReportSendResult.Failed($"no answer within {timeout.TotalSeconds:0.###} s", retryable: true);
        }
        catch (HttpRequestException exception)
        {
            return ReportSendResult.Failed($"{exception.HttpRequestError}: {exception.Message}", retryable: true);
        }
    }

    /// <summary>The request id a successful answer names, or null when its body cannot be read in time or whole.</summary>
    private static async Task<string?> RemoteIdOfAsync(HttpResponseMessage response, Func<string, string?> readRemoteId, CancellationToken cancellationToken)
    {
        try
        {
            return readRemoteId(System.Text.Encoding.UTF8.GetString(await ReadStartAsync(response.Content, cancellationToken)));
        }
        catch (Exception error) when (error is OperationCanceledException or IOException or HttpRequestException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The start of a refusal's body, read as UTF-8 whatever charset it claims (a proxy's error page naming an unknown one
    /// is still an answer), or why it could not be read: a body that stalls or is cut off must not cost the status and
    /// the Retry-After already read (a throttling backend was asked again after seconds, not the minute it asked for).
    /// </summary>
    /// <param name="stopping">The caller's own token: a stop is no failure of the backend's (no attempt is counted).</param>
    private static async Task<string> ErrorBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken, CancellationToken stopping)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetString(await ReadStartAsync(response.Content, cancellationToken));
        }
        catch (Exception error) when (error is OperationCanceledException or IOException or HttpRequestException && !stopping.IsCancellationRequested)
        {
            return $"(the body could not be read: {error.Message})";
        }
    }

    /// <summary>
    /// The first <see cref="MaxBodyBytes"/> of the answer: enough for a request id or an error excerpt; a misrouted
    /// address serving a large page is not held in memory whole (HttpClient buffers up to 2 GB).
    /// </summary>
    private static async Task<byte[]> ReadStartAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxBodyBytes];
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken)) > 0)
        {
            filled += read;
        }

        return buffer[..filled];
    }

    /// <summary>The wait a 429 or 503 asks for: seconds, or a date measured against the answer's own clock.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - (response.Headers.Date ?? DateTimeOffset.UtcNow),
        _ => null,
    };
}
