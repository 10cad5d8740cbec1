using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Vision.Service.Tests.Review;

/// <summary>
/// A real Open311 GeoReport v2 endpoint on loopback (Kestrel) that misbehaves like a struggling city backend: it
/// refuses a third of requests at random (503, nothing stored), and answers some stored requests only after the
/// client gave up. It deduplicates by idempotency key, as a well-behaved backend does, and counts what it saw.
/// </summary>
public sealed class FlakyOpen311Backend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Random _random;
    private readonly TimeSpan _lateAnswer;
    private int _requests;
    private int _refused;
    private int _answeredLate;
    private int _serviceRequests;
    private readonly ConcurrentDictionary<string, int> _answeringLate = new(StringComparer.Ordinal);

    private readonly double _refusedFraction;

    private FlakyOpen311Backend(WebApplication app, int seed, TimeSpan lateAnswer, double refusedFraction)
    {
        _app = app;
        _random = new Random(seed);
        _lateAnswer = lateAnswer;
        _refusedFraction = refusedFraction;
    }

    /// <summary>The service requests created, one per distinct idempotency key, with the form fields of the first request.</summary>
    public ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> Received { get; } = new();

    /// <summary>Idempotency keys of reports stored whose answer is being held back right now (the client has not heard yet).</summary>
    public IReadOnlyCollection<string> AnsweringLate => [.. _answeringLate.Keys];

    /// <summary>Requests per idempotency key (retries included).</summary>
    public ConcurrentDictionary<string, int> AttemptsByKey { get; } = new();

    public int Requests => Volatile.Read(ref _requests);
    public int Refused => Volatile.Read(ref _refused);
    public int AnsweredLate => Volatile.Read(ref _answeredLate);

    /// <summary>Service requests created; equals Received.Count when the backend never created two for one key.</summary>
    public int ServiceRequestsCreated => Volatile.Read(ref _serviceRequests);

    public Uri BaseUrl { get; private set; } = null!;

    /// <param name="lateAnswer">How long a late answer waits (longer than the client's timeout).</param>
    /// <param name="refusedFraction">Share of requests refused with 503 (a third by default; 1 for a backend that is down).</param>
    public static async Task<FlakyOpen311Backend> StartAsync(int seed, TimeSpan lateAnswer, double refusedFraction = 1.0 / 3)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var backend = new FlakyOpen311Backend(app, seed, lateAnswer, refusedFraction);
        app.MapPost("/open311/v2/requests.json", backend.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        backend.BaseUrl = new Uri(address + "/open311/v2");
        return backend;
    }

    private async Task<IResult> HandleAsync(HttpRequest request)
    {
        Interlocked.Increment(ref _requests);
        double roll;
        lock (_random)
        {
            roll = _random.NextDouble();
        }

        if (roll < _refusedFraction)
        {
            Interlocked.Increment(ref _refused);
            return Results.Json(new[] { new { code = 503, description = "service temporarily unavailable" } }, statusCode: 503);
        }

        var form = await request.ReadFormAsync();
        var key = request.Headers["Idempotency-Key"].ToString();
        if (key.Length == 0 || form["attribute[idempotency_key]"] != key)
        {
            return Results.Json(new[] { new { code = 400, description = "idempotency key missing or inconsistent" } }, statusCode: 400);
        }

        AttemptsByKey.AddOrUpdate(key, 1, (_, n) => n + 1);
        if (Received.TryAdd(key, form.ToDictionary(f => f.Key, f => f.Value.ToString())))
        {
            Interlocked.Increment(ref _serviceRequests);
        }

        var serviceRequestId = "SR-" + (uint)key.GetHashCode(StringComparison.Ordinal);
        if (roll < _refusedFraction + ((1 - _refusedFraction) / 4))
        {
            // Stored, but the answer comes after the client gave up: the client must retry and must not create a duplicate.
            Interlocked.Increment(ref _answeredLate);
            _answeringLate.AddOrUpdate(key, 1, static (_, n) => n + 1);
            try
            {
                await Task.Delay(_lateAnswer);
            }
            finally
            {
                if (_answeringLate.AddOrUpdate(key, 0, static (_, n) => n - 1) == 0)
                {
                    _answeringLate.TryRemove(new KeyValuePair<string, int>(key, 0));
                }
            }
        }

        return Results.Json(new[] { new { service_request_id = serviceRequestId, service_notice = "Đã tiếp nhận" } }, statusCode: 201);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
