using System.Net;

namespace Vision.Service.Delivery;

/// <summary>One HTTP attempt with its own timeout, turned into a <see cref="ReportSendResult"/>.</summary>
internal static class ReportHttp
{
    public static async Task<ReportSendResult> SendAsync(
        HttpClient http, HttpRequestMessage request, TimeSpan timeout, Func<string, string?> readRemoteId, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(request, attempt.Token);
            // Read as UTF-8 whatever charset the answer claims: a proxy's error page naming an unknown one is still an answer.
            var body = System.Text.Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(attempt.Token));
            if (response.IsSuccessStatusCode)
            {
                return ReportSendResult.Sent(readRemoteId(body));
            }

            // 409: the backend already has a request with this idempotency key, i.e. an earlier attempt got through.
            if (response.StatusCode == HttpStatusCode.Conflict)
            {
                return ReportSendResult.Sent(readRemoteId(body));
            }

            // Only a request the backend says is malformed is hopeless; a refused key or a wrong path is a configuration
            // problem an operator fixes, and the reports must wait for that rather than be dead-lettered at once.
            var retryable = response.StatusCode is not (HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity);
            var excerpt = body.Length > 300 ? body[..300] : body;
            return ReportSendResult.Failed($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}: {excerpt}", retryable);
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
}
