using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Vision.Domain.Geography;
using Vision.Domain.Violations;
using Vision.Pipeline.Tests.Support;
using Vision.Service.Delivery;
using Vision.Storage;
using Vision.Storage.Tests.Support;

namespace Vision.Service.Tests.Review;

/// <summary>The JSON webhook target against a real loopback HTTP server.</summary>
public sealed class WebhookReportBackendTests
{
    [Fact]
    public async Task Send_PostsTheReportAsJson_WithTheIdempotencyKeyHeader()
    {
        var received = new ConcurrentQueue<(string Key, JsonElement Body)>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapPost("/hooks/violations", async (HttpRequest request) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            received.Enqueue((request.Headers["Idempotency-Key"].ToString(), body.RootElement.Clone()));
            return Results.Accepted();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        var options = new DeliveryOptions
        {
            Target = DeliveryTarget.Webhook, WebhookUrl = new Uri(address + "/hooks/violations"),
            PublicEvidenceBaseUrl = new Uri("https://evidence.hue.gov.vn/p/"),
        };
        var candidate = ViolationSamples.Candidate(5, ViolationSamples.Morning);
        var record = ViolationSamples.ConfirmedRecord(candidate) with
        {
            Position = new GeoPosition(16.4637, 107.5909), Evidence = new EvidenceReference("pkg-5", new string('e', 64)),
        };
        using var http = new HttpClient();

        var result = await new WebhookReportBackend(http, options).SendAsync(ViolationReport.Of(record, options), CancellationToken.None);

        Assert.True(result.Delivered);
        var (key, body) = Assert.Single(received);
        Assert.Equal(candidate.Id, key);
        Assert.Equal(candidate.Id, body.GetProperty("idempotencyKey").GetString());
        Assert.Equal("RedLight", body.GetProperty("kind").GetString());
        Assert.Equal("traffic_violation", body.GetProperty("serviceCode").GetString());
        Assert.Equal("75-H1 425.99", body.GetProperty("plate").GetString());
        Assert.Equal("7.7.c", body.GetProperty("legalCode").GetString());
        Assert.Equal(16.4637, body.GetProperty("latitude").GetDouble());
        Assert.Equal("https://evidence.hue.gov.vn/p/pkg-5/redacted/overview.jpg", body.GetProperty("mediaUrl").GetString());
        Assert.StartsWith("Hành vi vi phạm: Không chấp hành hiệu lệnh của đèn tín hiệu giao thông", body.GetProperty("description").GetString(), StringComparison.Ordinal);
        // Whether the police checked it: a machine detection sent before review read the same as a confirmed one.
        Assert.Equal(("Confirmed", "csgt-hue-017"), (body.GetProperty("reviewStatus").GetString(), body.GetProperty("reviewedBy").GetString()));
        Assert.EndsWith("Đã được cán bộ kiểm tra và xác nhận.", body.GetProperty("description").GetString(), StringComparison.Ordinal);
        var unreviewed = ViolationReport.Of(record with { Status = ReviewStatus.Pending, DecidedBy = null }, options);
        Assert.Equal((ReviewStatus.Pending, (string?)null), (unreviewed.ReviewStatus, unreviewed.ReviewedBy));
        Assert.EndsWith("Chưa được cán bộ kiểm tra (gửi ngay khi phát hiện).", unreviewed.Description, StringComparison.Ordinal);
        Assert.True(body.GetProperty("plateValid").GetBoolean());
        Assert.Contains("Biển số: 75-H1 425.99. ", unreviewed.Description, StringComparison.Ordinal);
        // A partial read sent at detection says it is one: it named a vehicle as surely as a checked plate.
        var unsure = ViolationReport.Of(record with { Status = ReviewStatus.Pending, DecidedBy = null, PlateText = "75H14259", PlateFormatted = null, PlateValid = false }, options);
        Assert.False(unsure.PlateValid);
        Assert.Contains("Biển số: 75H14259 (máy đọc chưa chắc chắn, cần kiểm tra). ", unsure.Description, StringComparison.Ordinal);
        // The same read confirmed by an officer, who checked it against the crop, is one to look the vehicle up by.
        var confirmedUnsure = ViolationReport.Of(record with { PlateText = "75H14259", PlateFormatted = null, PlateValid = false }, options);
        Assert.True(confirmedUnsure.PlateValid);
        Assert.Contains("Biển số: 75H14259. ", confirmedUnsure.Description, StringComparison.Ordinal);
        await app.StopAsync();
    }

    [Fact]
    public void TheReportCitesTheShippedDecreeInVietnamese_AndAKindWithoutAVehicleNamesNoPlate()
    {
        // The shipped legal table names its instrument "Decree 168/2024/NĐ-CP": the report read "Nghị định Decree 168/2024/NĐ-CP".
        var legal = Vision.Pipeline.Rules.Legal.LegalTable.Load(Path.Combine(TestAssets.RepositoryRoot, "scenes", "legal-decree-168.json")).Table!;
        var options = new DeliveryOptions { Target = DeliveryTarget.Webhook, WebhookUrl = new Uri("http://127.0.0.1/hooks/violations") };
        var candidate = ViolationSamples.Candidate(9, ViolationSamples.Morning);
        var record = ViolationSamples.ConfirmedRecord(candidate) with
        {
            Legal = legal.Find(ViolationKind.RedLight, Vision.Pipeline.Rules.Legal.VehicleType.Motorbike),
        };

        var redLight = ViolationReport.Of(record, options).Description;
        Assert.Contains("Biển số: 75-H1 425.99. Căn cứ: Nghị định 168/2024/NĐ-CP, Điều 7 khoản 7 điểm c; mức phạt 4.000.000 - 6.000.000 đồng. ",
            redLight, StringComparison.Ordinal);

        // A parking lot run on a sidewalk is no vehicle's: "plate: not read" told the desk a vehicle's plate was missed.
        var lot = ViolationReport.Of(record with { Kind = ViolationKind.SidewalkParkingLot, PlateText = null, PlateFormatted = null, PlateValid = null }, options).Description;
        Assert.DoesNotContain("Biển số", lot, StringComparison.Ordinal);
        var unread = ViolationReport.Of(record with { PlateText = null, PlateFormatted = null, PlateValid = null }, options).Description;
        Assert.Contains("Biển số: không đọc được. ", unread, StringComparison.Ordinal);
        // Nor a cyclist's red light: a bicycle carries no plate and is never read for one.
        var cyclist = ViolationReport.Of(record with { ObjectClass = "bicycle", PlateText = null, PlateFormatted = null, PlateValid = null }, options).Description;
        Assert.DoesNotContain("Biển số", cyclist, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AThrottlingAnswerWhoseBodyIsCutOff_KeepsItsStatusAndRetryAfter()
    {
        // 429 with Retry-After: 60, and the connection dropped ten bytes into the promised page: the cut-off body threw
        // past the answer, which was recorded as a bare exception and tried again after seconds.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapPost("/hooks/violations", async context =>
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = "60";
            context.Response.ContentLength = 1000;
            await context.Response.Body.WriteAsync("slow down"u8.ToArray());
            await context.Response.Body.FlushAsync();
            // Long enough for the status line and headers to reach the client before the connection drops.
            await Task.Delay(500);
            context.Abort();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var options = new DeliveryOptions { Target = DeliveryTarget.Webhook, WebhookUrl = new Uri(address + "/hooks/violations") };
        var candidate = ViolationSamples.Candidate(8, ViolationSamples.Morning);
        var record = ViolationSamples.ConfirmedRecord(candidate);
        using var http = new HttpClient();

        var result = await new WebhookReportBackend(http, options).SendAsync(ViolationReport.Of(record, options), CancellationToken.None);

        Assert.False(result.Delivered);
        Assert.True(result.Retryable);
        Assert.StartsWith("HTTP 429 Too Many Requests: (the body could not be read: ", result.Error, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(60), result.RetryAfter);
        await app.StopAsync();
    }

    [Fact]
    public async Task ALargeErrorPage_IsReadOnlyAsFarAsTheExcerptNeeds()
    {
        // A misrouted address whose server answers a 50 MB page: it was read, and held, whole for a 300-character excerpt.
        var page = new CountingStream(50_000_000);
        using var http = new HttpClient(new AnsweringHandler(() => new HttpResponseMessage(System.Net.HttpStatusCode.InternalServerError)
        {
            Content = new StreamContent(page),
        }));
        var options = new DeliveryOptions { Target = DeliveryTarget.Webhook, WebhookUrl = new Uri("http://127.0.0.1/hooks/violations") };
        var candidate = ViolationSamples.Candidate(7, ViolationSamples.Morning);
        var record = ViolationSamples.ConfirmedRecord(candidate);

        var result = await new WebhookReportBackend(http, options).SendAsync(ViolationReport.Of(record, options), CancellationToken.None);

        Assert.False(result.Delivered);
        Assert.StartsWith("HTTP 500 Internal Server Error: ", result.Error, StringComparison.Ordinal);
        Assert.InRange(page.BytesRead, 1, 1024 * 1024);
    }

    private sealed class AnsweringHandler(Func<HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(answer());
    }

    /// <summary>A page of the given length, made as it is read, counting what was read.</summary>
    private sealed class CountingStream(long length) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = (int)Math.Min(count, length - BytesRead);
            buffer.AsSpan(offset, read).Fill((byte)'x');
            BytesRead += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Theory]
    [InlineData("motorcycle", "75H142600", "75-H1 426.00")]
    [InlineData("motorcycle", "75H14260", "75-H1 4260")]
    [InlineData("motorcycle", "29MD112346", "29-MĐ1 123.46")]
    [InlineData("car", "75A18283", "75A-182.83")]
    [InlineData("car", "75A1828", "75A-1828")]
    [InlineData("car", "ABC1234", "ABC1234")]
    public void AnOfficersCorrection_IsReportedAsThePlateIsWritten_LikeTheMachinesReads(string objectClass, string stored, string reported)
    {
        // The store keeps a correction as A–Z0–9 (the key plates are matched by); the report names the written plate.
        var candidate = ViolationSamples.Candidate(6, ViolationSamples.Morning);
        var corrected = ViolationSamples.ConfirmedRecord(candidate) with
        {
            ObjectClass = objectClass, Evidence = new EvidenceReference("pkg-6", new string('e', 64)), Status = ReviewStatus.Corrected, CorrectedPlate = stored,
        };
        var options = new DeliveryOptions { Target = DeliveryTarget.Webhook, WebhookUrl = new Uri("http://127.0.0.1/hook") };
        var publishing = new DeliveryOptions
        {
            Target = DeliveryTarget.Webhook, WebhookUrl = new Uri("http://127.0.0.1/hook"), PublicEvidenceBaseUrl = new Uri("https://evidence.hue.gov.vn/p/"),
        };

        var report = ViolationReport.Of(corrected, publishing);

        Assert.Equal(reported, report.Plate);
        // The evidence image sent (media_url) is stamped with the machine's read: the report says which it shows.
        Assert.Contains($"Biển số: {reported} (cán bộ đã hiệu chỉnh; ảnh ghi biển số máy đọc 75-H1 425.99).", report.Description, StringComparison.Ordinal);
        // No image sent, nothing to explain.
        Assert.Contains($"Biển số: {reported} (cán bộ đã hiệu chỉnh).", ViolationReport.Of(corrected, options).Description, StringComparison.Ordinal);
    }
}
