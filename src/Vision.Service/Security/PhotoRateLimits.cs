using System.Globalization;
using System.Threading.RateLimiting;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Microsoft.AspNetCore.RateLimiting;
using Vision.Service.Grpc;

namespace Vision.Service.Security;

/// <summary>
/// Photo analysis and triage calls per identity (ASP.NET Core rate limiting, a token bucket per caller): beyond the
/// budget a call ends with RESOURCE_EXHAUSTED, reason RATE_LIMITED, and a google.rpc.RetryInfo saying when to retry.
/// </summary>
public static partial class PhotoRateLimits
{
    public const string Policy = "photo-analysis";
    public const string Reason = "RATE_LIMITED";

    // Long enough to take in the largest photo message from a slow link; a client slower than that loses its stream only.
    private static readonly TimeSpan RefusedBodyDrainLimit = TimeSpan.FromSeconds(10);

    public static IServiceCollection AddPhotoRateLimits(this IServiceCollection services, RateLimitSettings settings)
    {
        var (tokensPerPeriod, period) = Refill(settings.PhotoCallsPerMinute, settings.ReplenishmentPeriod);
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Policy, context => RateLimitPartition.GetTokenBucketLimiter(PartitionKey(context), _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = settings.PhotoBurst,
                TokensPerPeriod = tokensPerPeriod,
                ReplenishmentPeriod = period,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
            limiter.OnRejected = (rejected, _) => new ValueTask(RefuseAsync(rejected.HttpContext, rejected.Lease, period));
        });
        return services;
    }

    /// <summary>
    /// Whole tokens per period at exactly <paramref name="callsPerMinute"/>: the period nearest the configured one that
    /// a whole number of tokens fills (30 a minute at 1 s: one token every 2 s; rounding the tokens instead gave 60).
    /// </summary>
    public static (int Tokens, TimeSpan Period) Refill(int callsPerMinute, TimeSpan configuredPeriod)
    {
        var tokens = Math.Max(1, (int)Math.Round(callsPerMinute * configuredPeriod.TotalMinutes, MidpointRounding.AwayFromZero));
        return (tokens, TimeSpan.FromMinutes(tokens / (double)callsPerMinute));
    }

    /// <summary>One bucket per authenticated identity (with its source); anonymous callers share one per address.</summary>
    private static string PartitionKey(HttpContext context) =>
        VisionCaller.From(context.User) is { } caller ? caller.Source + ":" + caller.Id : "address:" + context.Connection.RemoteIpAddress;

    private static async Task RefuseAsync(HttpContext context, RateLimitLease lease, TimeSpan fallbackDelay)
    {
        var delay = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : fallbackDelay;
        var seconds = Math.Max(1, (int)Math.Ceiling(delay.TotalSeconds));
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PhotoRateLimits));
        var caller = VisionCaller.From(context.User);
        Limited(logger, LogText.Escape(caller?.Id ?? context.Connection.RemoteIpAddress?.ToString()), context.Request.Path.Value ?? string.Empty, seconds);
        if (!GrpcAuthorizationResultHandler.IsGrpc(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync($"Quá nhiều lần thử; thử lại sau {seconds} giây. / Too many attempts; retry in {seconds} s.");
            return;
        }

        var status = new Google.Rpc.Status
        {
            Code = (int)Code.ResourceExhausted,
            Message = $"Too many photo calls from this identity; retry in {seconds} s.",
            Details =
            {
                Any.Pack(new ErrorInfo
                {
                    Domain = ImageRejectionStatus.ErrorDomain, Reason = Reason,
                    Metadata = { ["retry_after_seconds"] = seconds.ToString(CultureInfo.InvariantCulture) },
                }),
                Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(TimeSpan.FromSeconds(seconds)) }),
            },
        };
        await DrainRequestBodyAsync(context);
        context.Response.Headers[Admission.PhotoAdmission.RetryPushbackTrailer] = (seconds * 1000).ToString(CultureInfo.InvariantCulture);
        await GrpcAuthorizationResultHandler.WriteTrailersOnlyAsync(context, status);
    }

    /// <summary>
    /// Takes in the refused call's photo before answering. An HTTP/2 stream the server ends while its client is still
    /// sending keeps counting against the connection until the client stops, and Kestrel aborts a connection with many
    /// such streams (ENHANCE_YOUR_CALM): a client bursting over its budget would lose the calls it was already admitted.
    /// </summary>
    private static async Task DrainRequestBodyAsync(HttpContext context)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        limit.CancelAfter(RefusedBodyDrainLimit);
        try
        {
            await context.Request.Body.CopyToAsync(Stream.Null, limit.Token);
        }
        catch (Exception error) when (error is OperationCanceledException or IOException)
        {
            // Too slow, too large for the server's body limit, or gone: the refusal is still written if the stream is open.
        }
    }

    [LoggerMessage(EventId = 1630, Level = LogLevel.Warning, Message = "Call to {Method} by {Identity} refused: rate limit reached, retry in {Seconds} s")]
    private static partial void Limited(ILogger logger, string identity, string method, int seconds);
}
