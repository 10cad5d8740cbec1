using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Vision.Service.Security;
using Vision.Storage;

namespace Vision.Service.Web.Live;

/// <summary>
/// Server-sent events for the queue page, fed by the alert log: every new violation as an <c>event: violation</c> whose
/// id is its alert position. A browser that reconnects sends that id back (<c>Last-Event-ID</c>) and gets everything
/// after it, so nothing recorded while it was away is missed; a first connection starts after <c>?after=</c> (the
/// position the page was rendered at). Watchlist hits are not review items and are skipped here. The stream ends when
/// the session cookie it was opened with expires (the idle timeout): it renews nothing itself, so a queue left open on
/// an unattended station kept showing plates after every other request was sent to sign in; the browser's reconnection
/// carries the cookie as the page's other requests left it.
/// </summary>
public static class ViolationEventStream
{
    private const int BatchSize = 200;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(15);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task StreamAsync(HttpContext context, AlertLog alerts, CredentialCheck credentials, TimeProvider time, IHostApplicationLifetime lifetime)
    {
        var caller = credentials.Watch(context.User);
        var sessionEnds = context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Properties?.ExpiresUtc;
        var latest = await alerts.LatestPositionAsync(context.RequestAborted);
        // A position past the newest (the store restored from a backup, or replaced, while the page was open) skipped every
        // violation up to it without a word: the stream goes on from the newest.
        var position = Math.Min(ResumePosition(context.Request) ?? latest, latest);
        var response = context.Response;
        response.Headers.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        using var requestOrShutdown = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var cancellation = requestOrShutdown.Token;
        try
        {
            // The browser waits this long before reconnecting after the stream ends.
            await response.WriteAsync("retry: 2000\n\n", cancellation);
            await response.Body.FlushAsync(cancellation);
            var lastWrite = time.GetUtcNow();
            // A session signed out or disabled meanwhile ends the stream; the browser's reconnection is then refused.
            while (!cancellation.IsCancellationRequested && (sessionEnds is null || time.GetUtcNow() < sessionEnds) && await caller.StandsAsync(cancellation))
            {
                var signalled = alerts.Signal.Next;
                var batch = await alerts.ReadAfterAsync(position, BatchSize, cancellation);
                foreach (var alert in batch)
                {
                    position = alert.Position;
                    if (alert.Kind != AlertKind.Violation || alert.ViolationId is null)
                    {
                        continue;
                    }

                    var data = JsonSerializer.Serialize(new { id = alert.ViolationId, cameraId = alert.CameraId, plate = alert.PlateText, summary = alert.Summary }, Json);
                    await response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"id: {alert.Position}\nevent: violation\ndata: {data}\n\n"), cancellation);
                    lastWrite = time.GetUtcNow();
                }

                if (time.GetUtcNow() - lastWrite >= KeepAliveInterval)
                {
                    // A comment line keeps proxies from closing an idle stream.
                    await response.WriteAsync(": keep-alive\n\n", cancellation);
                    lastWrite = time.GetUtcNow();
                }

                await response.Body.FlushAsync(cancellation);
                if (batch.Count < BatchSize)
                {
                    await Task.WhenAny(signalled, Task.Delay(PollInterval, time, cancellation));
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The browser left or the service is stopping; the browser resumes from the last id it received.
        }
    }

    /// <summary>The position to continue after, or null for "from now on".</summary>
    private static long? ResumePosition(HttpRequest request)
    {
        var text = request.Headers["Last-Event-ID"].FirstOrDefault() is { Length: > 0 } lastEventId ? lastEventId : request.Query["after"].FirstOrDefault();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var position) ? position : null;
    }
}
