using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Vision.Service.Security;
using Vision.Service.Tests.Review;
using Vision.Service.Web.Live;
using Vision.Storage;

namespace Vision.Service.Tests.Web;

/// <summary>The queue's live stream lasts no longer than the session cookie it was opened with.</summary>
[Collection(ReviewServiceCollection.Name)]
public sealed class LiveStreamSessionTests(ReviewServiceFixture service)
{
    [Fact]
    public async Task TheLiveStream_EndsWhenTheSessionCookieItWasOpenedWithExpires()
    {
        var time = service.Services.GetRequiredService<TimeProvider>();
        var expired = Stream(time.GetUtcNow().AddSeconds(-1), out _);
        var current = Stream(time.GetUtcNow().AddHours(8), out var stopCurrent);

        // Ended at once (an idle station's cookie ran out): nothing more is told to whoever holds the page.
        await expired.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.False(current.IsCompleted);
        await stopCurrent.CancelAsync();
        await current.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ABrowserResumingPastTheNewestPosition_GetsTheViolationsRecordedFromNowOn()
    {
        // The store was restored from a backup while the queue was open: the browser's last id lies past the newest
        // position, and the stream skipped every violation up to it.
        var time = service.Services.GetRequiredService<TimeProvider>();
        var latest = await service.Services.GetRequiredService<AlertLog>().LatestPositionAsync(CancellationToken.None);
        var body = new MemoryStream();
        var streaming = Stream(time.GetUtcNow().AddHours(8), out var leave, body, lastEventId: latest + 1000);
        await Task.Delay(TimeSpan.FromSeconds(0.5));
        var candidate = Vision.Storage.Tests.Support.ViolationSamples.Candidate(9400, new DateTimeOffset(2026, 11, 28, 4, 0, 0, TimeSpan.Zero));
        await service.Services.GetRequiredService<Vision.Domain.Violations.IViolationRecorder>().RecordAsync(candidate, null, CancellationToken.None);

        await Task.Delay(TimeSpan.FromSeconds(2));
        await leave.CancelAsync();
        await streaming.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Contains(System.Text.Json.JsonSerializer.Serialize(candidate.Id), System.Text.Encoding.UTF8.GetString(body.ToArray()), StringComparison.Ordinal);
    }

    private Task Stream(DateTimeOffset cookieExpires, out CancellationTokenSource leave, MemoryStream? body = null, long? lastEventId = null)
    {
        leave = new CancellationTokenSource();
        var officer = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "officer-17")], "test"));
        var context = new DefaultHttpContext { User = officer, RequestServices = service.Services, RequestAborted = leave.Token };
        context.Response.Body = body ?? new MemoryStream();
        if (lastEventId is { } id)
        {
            context.Request.Headers["Last-Event-ID"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        context.Features.Set<IAuthenticateResultFeature>(new AuthenticatedWith(AuthenticateResult.Success(
            new AuthenticationTicket(officer, new AuthenticationProperties { ExpiresUtc = cookieExpires }, VisionAuthentication.CookieScheme))));
        return ViolationEventStream.StreamAsync(context, service.Services.GetRequiredService<AlertLog>(), service.Services.GetRequiredService<CredentialCheck>(),
            service.Services.GetRequiredService<TimeProvider>(), service.Services.GetRequiredService<IHostApplicationLifetime>());
    }

    private sealed class AuthenticatedWith(AuthenticateResult result) : IAuthenticateResultFeature
    {
        public AuthenticateResult? AuthenticateResult { get; set; } = result;
    }
}
