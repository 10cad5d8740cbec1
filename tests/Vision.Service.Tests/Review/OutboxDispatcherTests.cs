using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Vision.Service.Delivery;
using Vision.Service.Hosting;
using Vision.Storage;
using Vision.Storage.Tests.Support;

namespace Vision.Service.Tests.Review;

/// <summary>The dispatcher's retry schedule and dead-lettering against a real (down) Open311 server, on a hand-moved clock.</summary>
public sealed class OutboxDispatcherTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "vision-outbox-" + Guid.NewGuid().ToString("N")[..12]);
    private FlakyOpen311Backend _backend = null!;

    public async Task InitializeAsync() =>
        _backend = await FlakyOpen311Backend.StartAsync(seed: 3, lateAnswer: TimeSpan.FromSeconds(1), refusedFraction: 1);

    [Fact]
    public async Task BackendDown_RetriesWithGrowingJitteredBackoff_ThenDeadLettersAfterMaxAttempts()
    {
        var (time, _, outbox, review, recorder) = await StoreAsync();
        var candidate = ViolationSamples.Candidate(1, ViolationSamples.Morning);
        await recorder.RecordAsync(candidate, null, CancellationToken.None);
        using var http = new HttpClient();
        var dispatcher = Dispatcher(outbox, review, http, time, maxAttempts: 3, _backend.BaseUrl);

        Assert.Equal(1, await dispatcher.DispatchDueAsync(CancellationToken.None));
        var afterFirst = await outbox.GetAsync(candidate.Id, CancellationToken.None);
        Assert.Equal((DeliveryStatus.Pending, 1), (afterFirst!.Status, afterFirst.Attempts));
        Assert.StartsWith("HTTP 503", afterFirst.LastError, StringComparison.Ordinal);
        Assert.InRange(afterFirst.NextAttemptAt - time.GetUtcNow(), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
        Assert.Equal(0, await dispatcher.DispatchDueAsync(CancellationToken.None));

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, await dispatcher.DispatchDueAsync(CancellationToken.None));
        var afterSecond = await outbox.GetAsync(candidate.Id, CancellationToken.None);
        Assert.Equal((DeliveryStatus.Pending, 2), (afterSecond!.Status, afterSecond.Attempts));
        Assert.InRange(afterSecond.NextAttemptAt - time.GetUtcNow(), TimeSpan.FromSeconds(7.5), TimeSpan.FromSeconds(15));

        time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(1, await dispatcher.DispatchDueAsync(CancellationToken.None));
        var dead = await outbox.GetAsync(candidate.Id, CancellationToken.None);
        Assert.Equal((DeliveryStatus.DeadLettered, 3), (dead!.Status, dead.Attempts));

        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await dispatcher.DispatchDueAsync(CancellationToken.None));
        Assert.Equal(3, _backend.Requests);
        Assert.Empty(_backend.Received);
    }

    [Fact]
    public async Task AnAnswerNamingAnUnknownCharset_IsStillRead_AndAnyOtherSurpriseIsAFailedAttempt_NotAStoppedDispatcher()
    {
        var (time, _, outbox, review, recorder) = await StoreAsync();
        var proxied = ViolationSamples.Candidate(1, ViolationSamples.Morning);
        var surprising = ViolationSamples.Candidate(2, ViolationSamples.Morning.AddMinutes(1));
        await recorder.RecordAsync(proxied, null, CancellationToken.None);
        await recorder.RecordAsync(surprising, null, CancellationToken.None);
        // The backend, behind a proxy that names a charset nobody knows; and a failure no HTTP client should throw.
        using var http = new HttpClient(new ScriptedHandler(async request => System.Net.WebUtility.UrlDecode(await request.Content!.ReadAsStringAsync()).Contains(proxied.Id, StringComparison.Ordinal)
            ? new HttpResponseMessage(System.Net.HttpStatusCode.Created)
            {
                Content = new StringContent("[{\"service_request_id\": \"hue-311-1\"}]", new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "None" }),
            }
            : throw new InvalidOperationException("a surprise from the HTTP stack")));
        var dispatcher = Dispatcher(outbox, review, http, time, maxAttempts: 3);

        Assert.Equal(2, await dispatcher.DispatchDueAsync(CancellationToken.None));

        var sent = await outbox.GetAsync(proxied.Id, CancellationToken.None);
        Assert.Equal((DeliveryStatus.Sent, "hue-311-1"), (sent!.Status, sent.RemoteId));
        var failed = await outbox.GetAsync(surprising.Id, CancellationToken.None);
        Assert.Equal((DeliveryStatus.Pending, 1), (failed!.Status, failed.Attempts));
        Assert.Contains("a surprise from the HTTP stack", failed.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReportThatReachesTheBackendAsItsViolationIsRejected_IsRecordedAsSent_WithANoteToWithdrawIt()
    {
        // Every detection is reported at once; the officer rejects it while the report is on its way. The backend's 201
        // was dropped (the delivery read "Cancelled, 0 attempts") and nobody knew to withdraw the report.
        var (time, _, outbox, review, recorder) = await StoreAsync();
        var candidate = ViolationSamples.Candidate(1, ViolationSamples.Morning);
        await recorder.RecordAsync(candidate, null, CancellationToken.None);
        using var http = new HttpClient(new ScriptedHandler(async _ =>
        {
            await review.DecideAsync(new ReviewDecision(candidate.Id, 1, "officer-7", ReviewStatus.Rejected, RejectReason.NotAViolation), CancellationToken.None);
            return new HttpResponseMessage(System.Net.HttpStatusCode.Created)
            {
                Content = new StringContent("[{\"service_request_id\": \"hue-311-9\"}]", System.Text.Encoding.UTF8, "application/json"),
            };
        }));
        var dispatcher = Dispatcher(outbox, review, http, time, maxAttempts: 3);

        Assert.Equal(1, await dispatcher.DispatchDueAsync(CancellationToken.None));

        var delivery = (await outbox.GetAsync(candidate.Id, CancellationToken.None))!;
        Assert.Equal((DeliveryStatus.Sent, "hue-311-9", 1), (delivery.Status, delivery.RemoteId, delivery.Attempts));
        Assert.Equal(DeliveryOutbox.SentAfterRejectionNote, delivery.LastError);
        Assert.Equal(ReviewStatus.Rejected, (await review.GetAsync(candidate.Id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task AReportRejectedInReview_IsNeverSent_DeadLetteredRequeuedOrClaimedAsTheOfficerRejectedIt()
    {
        var (time, database, outbox, review, recorder) = await StoreAsync();
        var candidate = ViolationSamples.Candidate(1, ViolationSamples.Morning);
        await recorder.RecordAsync(candidate, null, CancellationToken.None);
        var requests = 0;
        using var http = new HttpClient(new ScriptedHandler(_ =>
        {
            Interlocked.Increment(ref requests);
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable) { Content = new StringContent("maintenance") });
        }));
        var dispatcher = Dispatcher(outbox, review, http, time, maxAttempts: 1);
        Assert.Equal(1, await dispatcher.DispatchDueAsync(CancellationToken.None));
        Assert.Equal(DeliveryStatus.DeadLettered, (await outbox.GetAsync(candidate.Id, CancellationToken.None))!.Status);

        await review.DecideAsync(new ReviewDecision(candidate.Id, 1, "officer-7", ReviewStatus.Rejected, RejectReason.NotAViolation), CancellationToken.None);

        Assert.Equal(DeliveryStatus.Cancelled, (await outbox.GetAsync(candidate.Id, CancellationToken.None))!.Status);
        Assert.False(await outbox.RequeueAsync(candidate.Id, "supervisor-1", "local", CancellationToken.None));
        // Claimed a moment before the rejection landed (here: put back as pending): found rejected, cancelled, not sent.
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE deliveries SET status = 'Pending', next_attempt_ms = 0 WHERE violation_id = @Id;", new { candidate.Id });
        }

        Assert.Equal(1, await dispatcher.DispatchDueAsync(CancellationToken.None));
        Assert.Equal(DeliveryStatus.Cancelled, (await outbox.GetAsync(candidate.Id, CancellationToken.None))!.Status);
        Assert.Equal(1, requests);
    }

    [Fact]
    public async Task ARedirectedReport_IsAFailedAttemptNamingTheNewAddress_NotAnotherRequestsListTakenForDelivery()
    {
        // The configured http:// address redirects (to https, or a proxy's sign-in): following it would turn the POST
        // into GeoReport's "list requests" GET, whose 200 names someone else's request.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var moved = builder.Build();
        var listed = 0;
        moved.MapPost("/georeport/v2/requests.json", () => Results.Redirect("/v2/requests.json", permanent: true));
        moved.MapGet("/v2/requests.json", () =>
        {
            Interlocked.Increment(ref listed);
            return Results.Json(new[] { new { service_request_id = "another-citizens-request" } });
        });
        await moved.StartAsync();
        var address = moved.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Vision:Delivery:Target"] = "Open311",
            ["Vision:Delivery:Trigger"] = "OnDetection",
            ["Vision:Delivery:Open311BaseUrl"] = address + "/georeport/v2",
        }).Build();
        var services = new ServiceCollection().AddVisionDelivery(configuration);
        services.AddOptions<DeliveryOptions>().Bind(configuration.GetSection(DeliveryOptions.Section));
        await using var provider = services.BuildServiceProvider();
        var (time, _, outbox, review, recorder) = await StoreAsync();
        var candidate = ViolationSamples.Candidate(1, ViolationSamples.Morning);
        await recorder.RecordAsync(candidate, null, CancellationToken.None);
        var dispatcher = new OutboxDispatcher(outbox, review, provider.GetRequiredService<IReportBackend>(),
            provider.GetRequiredService<IOptions<DeliveryOptions>>(), time, NullLogger<OutboxDispatcher>.Instance);

        Assert.Equal(1, await dispatcher.DispatchDueAsync(CancellationToken.None));

        var delivery = await outbox.GetAsync(candidate.Id, CancellationToken.None);
        Assert.Equal((DeliveryStatus.Pending, 1, null), (delivery!.Status, delivery.Attempts, delivery.RemoteId));
        Assert.Contains("HTTP 301", delivery.LastError, StringComparison.Ordinal);
        Assert.Contains("/v2/requests.json", delivery.LastError, StringComparison.Ordinal);
        Assert.Equal(0, listed);
    }

    [Fact]
    public async Task ABackendAskingToBeLeftAlone_GetsTheNextAttemptWhenItSaid_NotAtTheBackoffsPace()
    {
        var (time, _, outbox, review, recorder) = await StoreAsync();
        var throttled = ViolationSamples.Candidate(1, ViolationSamples.Morning);
        await recorder.RecordAsync(throttled, null, CancellationToken.None);
        using var http = new HttpClient(new ScriptedHandler(_ =>
        {
            var answer = new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests) { Content = new StringContent("slow down") };
            answer.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromMinutes(10));
            return Task.FromResult(answer);
        }));
        var dispatcher = Dispatcher(outbox, review, http, time, maxAttempts: 3);

        Assert.Equal(1, await dispatcher.DispatchDueAsync(CancellationToken.None));

        var delivery = await outbox.GetAsync(throttled.Id, CancellationToken.None);
        Assert.Equal((DeliveryStatus.Pending, 1), (delivery!.Status, delivery.Attempts));
        Assert.Equal(TimeSpan.FromMinutes(10), delivery.NextAttemptAt - time.GetUtcNow());
        time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(0, await dispatcher.DispatchDueAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("{\"error\": \"a request with this key is being processed\"}", DeliveryStatus.Pending, null)]
    [InlineData("[{\"service_request_id\": \"hue-311-7\"}]", DeliveryStatus.Sent, "hue-311-7")]
    [InlineData("[{\"service_request_id\": null}]", DeliveryStatus.Pending, null)]
    [InlineData("[{\"service_request_id\": null, \"token\": \"abc\"}]", DeliveryStatus.Sent, "abc")]
    public async Task AConflictOnTheIdempotencyKey_IsDeliveredOnlyWhenTheBackendNamesTheRequestItHolds(string body, DeliveryStatus expected, string? remoteId)
    {
        // 409 answers a retry whose first attempt the backend is still working on; that attempt may yet fail.
        var (time, _, outbox, review, recorder) = await StoreAsync();
        var candidate = ViolationSamples.Candidate(1, ViolationSamples.Morning);
        await recorder.RecordAsync(candidate, null, CancellationToken.None);
        using var http = new HttpClient(new ScriptedHandler(_ => Task.FromResult(
            new HttpResponseMessage(System.Net.HttpStatusCode.Conflict) { Content = new StringContent(body) })));
        var dispatcher = Dispatcher(outbox, review, http, time, maxAttempts: 3);

        Assert.Equal(1, await dispatcher.DispatchDueAsync(CancellationToken.None));

        var delivery = await outbox.GetAsync(candidate.Id, CancellationToken.None);
        Assert.Equal((expected, remoteId), (delivery!.Status, delivery.RemoteId));
    }

    [Theory]
    [InlineData("http://311.hue.example/georeport/v2", "http://311.hue.example/georeport/v2/requests.json")]
    [InlineData("http://311.hue.example/georeport/v2/", "http://311.hue.example/georeport/v2/requests.json")]
    [InlineData("http://311.hue.example/georeport/v2?jurisdiction_id=hue.gov.vn", "http://311.hue.example/georeport/v2/requests.json?jurisdiction_id=hue.gov.vn")]
    public async Task AReportIsPostedToTheServersRequestsResource_KeepingTheJurisdictionOfItsAddress(string baseUrl, string expected)
    {
        var (time, _, outbox, review, recorder) = await StoreAsync();
        await recorder.RecordAsync(ViolationSamples.Candidate(1, ViolationSamples.Morning), null, CancellationToken.None);
        Uri? posted = null;
        using var http = new HttpClient(new ScriptedHandler(request =>
        {
            posted = request.RequestUri;
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.Created) { Content = new StringContent("[{\"service_request_id\": \"hue-311-1\"}]") });
        }));

        Assert.Equal(1, await Dispatcher(outbox, review, http, time, maxAttempts: 1, new Uri(baseUrl)).DispatchDueAsync(CancellationToken.None));

        Assert.Equal(expected, posted?.ToString());
    }

    [Fact]
    public async Task AReportThatCannotBeRead_IsItsOwnFailedAttempt_AndTheBatchsOtherRequestsFinish()
    {
        var (time, database, outbox, review, recorder) = await StoreAsync();
        var readable = ViolationSamples.Candidate(1, ViolationSamples.Morning);
        var unreadable = ViolationSamples.Candidate(2, ViolationSamples.Morning.AddMinutes(1));
        await recorder.RecordAsync(readable, null, CancellationToken.None);
        await recorder.RecordAsync(unreadable, null, CancellationToken.None);
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            // A row written by a newer version (a kind this one does not know), or damaged by hand.
            await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE violations SET kind = 'HoverboardOnExpressway' WHERE id = @Id;", new { unreadable.Id });
        }

        using var http = new HttpClient(new ScriptedHandler(async request =>
        {
            await Task.Delay(300, CancellationToken.None);
            return new HttpResponseMessage(System.Net.HttpStatusCode.Created) { Content = new StringContent("[{\"service_request_id\": \"hue-311-1\"}]") };
        }));
        var dispatcher = Dispatcher(outbox, review, http, time, maxAttempts: 2);

        Assert.Equal(2, await dispatcher.DispatchDueAsync(CancellationToken.None));

        var sent = await outbox.GetAsync(readable.Id, CancellationToken.None);
        Assert.Equal((DeliveryStatus.Sent, "hue-311-1"), (sent!.Status, sent.RemoteId));
        var failed = await outbox.GetAsync(unreadable.Id, CancellationToken.None);
        Assert.Equal((DeliveryStatus.Pending, 1), (failed!.Status, failed.Attempts));
        Assert.Contains("HoverboardOnExpressway", failed.LastError, StringComparison.Ordinal);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await dispatcher.DispatchDueAsync(CancellationToken.None));
        Assert.Equal((DeliveryStatus.DeadLettered, 2), ((await outbox.GetAsync(unreadable.Id, CancellationToken.None))!.Status, (await outbox.GetAsync(unreadable.Id, CancellationToken.None))!.Attempts));
    }

    [Fact]
    public async Task AReportTheBackendAccepted_IsSent_ThoughItsAnswersBodyIsCutOff()
    {
        // 201 Created, then the connection drops mid-body: the failed read made it a failed attempt, the report was sent
        // again, and a GeoReport backend (no deduplication) opened a second case for the same fine.
        var (time, _, outbox, review, recorder) = await StoreAsync();
        var candidate = ViolationSamples.Candidate(1, ViolationSamples.Morning);
        await recorder.RecordAsync(candidate, null, CancellationToken.None);
        var requests = 0;
        using var http = new HttpClient(new ScriptedHandler(_ =>
        {
            Interlocked.Increment(ref requests);
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.Created) { Content = new StreamContent(new CutOffStream()) });
        }));
        var dispatcher = Dispatcher(outbox, review, http, time, maxAttempts: 3);

        Assert.Equal(1, await dispatcher.DispatchDueAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromHours(1));
        await dispatcher.DispatchDueAsync(CancellationToken.None);

        var delivery = (await outbox.GetAsync(candidate.Id, CancellationToken.None))!;
        Assert.Equal((DeliveryStatus.Sent, 1, (string?)null, 1), (delivery.Status, delivery.Attempts, delivery.RemoteId, requests));
    }

    /// <summary>An answer's body that ends with a broken connection after its first bytes.</summary>
    private sealed class CutOffStream : Stream
    {
        private bool _started;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_started)
            {
                throw new IOException("The response ended prematurely.");
            }

            _started = true;
            buffer[offset] = (byte)'[';
            return 1;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Theory]
    [InlineData(DeliveryTrigger.OnConfirmation)]
    [InlineData(DeliveryTrigger.Disabled)]
    public async Task AReportQueuedAtDetection_IsHeldForReview_OnceOnlyConfirmedViolationsAreSent_AndGoesWhenConfirmed(DeliveryTrigger trigger)
    {
        // Every detection was queued (Trigger OnDetection) while the backend was down; then the service was set to send
        // confirmed violations only and restarted: the backlog went out before any officer had looked at it.
        var (time, _, outbox, review, recorder) = await StoreAsync();
        var candidate = ViolationSamples.Candidate(1, ViolationSamples.Morning);
        await recorder.RecordAsync(candidate, null, CancellationToken.None);
        var requests = 0;
        using var http = new HttpClient(new ScriptedHandler(_ =>
        {
            Interlocked.Increment(ref requests);
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.Created) { Content = new StringContent("[{\"service_request_id\": \"hue-311-3\"}]") });
        }));
        // Disabled queues nothing more, and sent the backlog unreviewed.
        var dispatcher = Dispatcher(outbox, review, http, time, maxAttempts: 3, trigger: trigger);

        Assert.Equal(1, await dispatcher.DispatchDueAsync(CancellationToken.None));

        var held = (await outbox.GetAsync(candidate.Id, CancellationToken.None))!;
        Assert.Equal((0, DeliveryStatus.Pending, 0, DeliveryOutbox.WaitingForReviewNote), (requests, held.Status, held.Attempts, held.LastError));
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, await dispatcher.DispatchDueAsync(CancellationToken.None));

        await review.DecideAsync(new ReviewDecision(candidate.Id, 1, "officer-7", ReviewStatus.Confirmed), CancellationToken.None);
        Assert.Equal(1, await dispatcher.DispatchDueAsync(CancellationToken.None));

        var sent = (await outbox.GetAsync(candidate.Id, CancellationToken.None))!;
        Assert.Equal((1, DeliveryStatus.Sent, "hue-311-3", 1), (requests, sent.Status, sent.RemoteId, sent.Attempts));
    }

    [Fact]
    public async Task WithTheDefaultSchedule_ABackendDownForAnHour_LosesNoReport()
    {
        // 10 attempts spanned 8–17 minutes: a routine maintenance window answering 503 dead-lettered every report due.
        var (time, _, outbox, review, recorder) = await StoreAsync();
        var candidate = ViolationSamples.Candidate(1, ViolationSamples.Morning);
        await recorder.RecordAsync(candidate, null, CancellationToken.None);
        var backUp = time.GetUtcNow().AddHours(1);
        using var http = new HttpClient(new ScriptedHandler(_ => Task.FromResult(time.GetUtcNow() < backUp
            ? new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable) { Content = new StringContent("maintenance") }
            : new HttpResponseMessage(System.Net.HttpStatusCode.Created) { Content = new StringContent("[{\"service_request_id\": \"hue-311-2\"}]") })));
        var defaults = new DeliveryOptions
        {
            Trigger = DeliveryTrigger.OnDetection, Target = DeliveryTarget.Open311, Open311BaseUrl = new Uri("http://311.hue.example/georeport/v2"),
        };
        var dispatcher = new OutboxDispatcher(outbox, review, new Open311ReportBackend(http, defaults), Options.Create(defaults), time,
            NullLogger<OutboxDispatcher>.Instance);

        for (var minute = 0; minute < 120 && (await outbox.GetAsync(candidate.Id, CancellationToken.None))!.Status == DeliveryStatus.Pending; minute++)
        {
            await dispatcher.DispatchDueAsync(CancellationToken.None);
            time.Advance(TimeSpan.FromMinutes(1));
        }

        var delivery = (await outbox.GetAsync(candidate.Id, CancellationToken.None))!;
        Assert.Equal((DeliveryStatus.Sent, "hue-311-2"), (delivery.Status, delivery.RemoteId));
        // The service's own settings keep that schedule.
        var shipped = new ConfigurationBuilder().AddJsonFile(Path.Combine(Vision.Pipeline.Tests.Support.TestAssets.RepositoryRoot, "src", "Vision.Service", "appsettings.json"))
            .Build().GetSection("Vision:Delivery").Get<DeliveryOptions>()!;
        Assert.Equal((defaults.MaxAttempts, defaults.InitialBackoff, defaults.MaxBackoff), (shipped.MaxAttempts, shipped.InitialBackoff, shipped.MaxBackoff));
    }

    private async Task<(FakeTimeProvider Time, ViolationDatabase Database, DeliveryOutbox Outbox, ReviewStore Review, ViolationRecorder Recorder)> StoreAsync()
    {
        var time = new FakeTimeProvider(ViolationSamples.Morning);
        var database = new ViolationDatabase(new SqliteDialect(Path.Combine(_folder, "vision.db"), TimeSpan.FromSeconds(10)), time,
            NullLogger<ViolationDatabase>.Instance);
        await database.MigrateAsync(CancellationToken.None);
        return (time, database, new DeliveryOutbox(database), new ReviewStore(database, DeliveryTrigger.OnDetection, NullLogger<ReviewStore>.Instance),
            new ViolationRecorder(database, CameraPositions.None, new AlertSignal(), DeliveryTrigger.OnDetection, NullLogger<ViolationRecorder>.Instance));
    }

    /// <param name="backendUrl">The Open311 server's address (a scripted <paramref name="http"/> answers any).</param>
    private static OutboxDispatcher Dispatcher(DeliveryOutbox outbox, ReviewStore review, HttpClient http, TimeProvider time, int maxAttempts, Uri? backendUrl = null,
        DeliveryTrigger trigger = DeliveryTrigger.OnDetection)
    {
        var options = new DeliveryOptions
        {
            Trigger = trigger,
            Target = DeliveryTarget.Open311, Open311BaseUrl = backendUrl ?? new Uri("http://311.hue.example/georeport/v2"), MaxAttempts = maxAttempts,
            InitialBackoff = TimeSpan.FromSeconds(10), MaxBackoff = TimeSpan.FromSeconds(15), RequestTimeout = TimeSpan.FromSeconds(5),
        };
        return new OutboxDispatcher(outbox, review, new Open311ReportBackend(http, options), Options.Create(options), time, NullLogger<OutboxDispatcher>.Instance);
    }

    /// <summary>The report backend's side of the wire, scripted: what the city's system (or a proxy before it) answers.</summary>
    private sealed class ScriptedHandler(Func<HttpRequestMessage, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => answer(request);
    }

    [Fact]
    public void Backoff_DoublesPerFailure_WithinJitterBounds_UpToTheCap()
    {
        var backoff = new DeliveryBackoff(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(60), new Random(5));
        var first = Enumerable.Range(0, 200).Select(_ => backoff.After(1)).ToList();
        Assert.All(first, d => Assert.InRange(d, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)));
        Assert.True(first.Distinct().Count() > 150, "the waits must be jittered");
        Assert.All(Enumerable.Range(0, 200).Select(_ => backoff.After(4)), d => Assert.InRange(d, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(16)));
        Assert.All(Enumerable.Range(0, 200).Select(_ => backoff.After(40)), d => Assert.InRange(d, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60)));
    }

    public async Task DisposeAsync()
    {
        await _backend.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
