using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Vision.Contracts.V1;
using Vision.Service.Tests.Support;

namespace Vision.Service.Tests.Hostile;

/// <summary>Malformed calls against the real host: every one gets a precise status and a bounded answer, never UNKNOWN.</summary>
[Collection(VisionServiceCollection.Name)]
public sealed class ErrorPolicyEndToEndTests(VisionServiceFixture service)
{
    private static readonly Marshaller<byte[]> RawBytes = Marshallers.Create(bytes => bytes, bytes => bytes);

    public static TheoryData<string, string> UnaryMethods => new()
    {
        { "vision.v1.PhotoAnalysis", "AnalyzePhoto" },
        { "vision.v1.PhotoAnalysis", "TriagePhoto" },
        { "vision.v1.Review", "ListViolations" },
        { "vision.v1.Review", "GetViolation" },
        { "vision.v1.Review", "Decide" },
        { "vision.v1.Evidence", "VerifyPackage" },
        { "vision.v1.Statistics", "GetStatistics" },
    };

    [Theory]
    [MemberData(nameof(UnaryMethods))]
    public async Task AMessageThatIsNotProtobuf_IsInvalidArgument(string serviceName, string methodName)
    {
        var method = new Method<byte[], byte[]>(MethodType.Unary, serviceName, methodName, RawBytes, RawBytes);
        // Field 1, length-delimited, claiming 100 bytes of which none follow.
        var call = service.ReviewerChannel.CreateCallInvoker().AsyncUnaryCall(method, null, new CallOptions(), [0x0A, 0x64]);

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("MESSAGE_UNDECODABLE", error.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
    }

    [Fact]
    public async Task AnIngestMessageThatIsNotProtobuf_EndsTheStreamWithInvalidArgument()
    {
        var method = new Method<byte[], byte[]>(MethodType.DuplexStreaming, "vision.v1.CameraIngest", "Stream", RawBytes, RawBytes);
        using var call = service.Channel.CreateCallInvoker().AsyncDuplexStreamingCall(method, null, new CallOptions());
        await call.RequestStream.WriteAsync([0xFF, 0xFF, 0xFF]);

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task ListViolations_WithATimeOutsideTheTimestampRangeOrAMegabytePlate_IsInvalidArgument()
    {
        var review = new Contracts.V1.Review.ReviewClient(service.ReviewerChannel);

        var badTime = await Assert.ThrowsAsync<RpcException>(() => review.ListViolationsAsync(new ListViolationsRequest
        {
            OccurredFrom = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = long.MaxValue },
        }).ResponseAsync);
        var hugePlate = await Assert.ThrowsAsync<RpcException>(() => review.ListViolationsAsync(new ListViolationsRequest
        {
            PlateContains = new string('7', 1_000_000),
        }).ResponseAsync);

        Assert.Equal((StatusCode.InvalidArgument, "TIMESTAMP_OUT_OF_RANGE"), (badTime.StatusCode, badTime.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason));
        Assert.Equal("occurred_from", badTime.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field);
        Assert.Equal(StatusCode.InvalidArgument, hugePlate.StatusCode);
        Assert.InRange(hugePlate.Status.Detail.Length, 1, 1100);
    }

    [Theory]
    [InlineData("É", "plate_contains")]
    [InlineData("29É", "plate_contains")]
    [InlineData("-", "plate_contains")]
    [InlineData("", "occurred_to")]
    public async Task ListViolations_WithAFilterTheStoreWouldDropOrWiden_IsInvalidArgument_NamingTheField(string plate, string field)
    {
        // "É" (VNI typing of E1) matched every violation, "29É" every plate holding 29; an inverted period answered an empty page.
        var review = new Contracts.V1.Review.ReviewClient(service.ReviewerChannel);
        var request = new ListViolationsRequest { PlateContains = plate };
        if (field == "occurred_to")
        {
            request.OccurredFrom = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));
            request.OccurredTo = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        }

        var refused = await Assert.ThrowsAsync<RpcException>(() => review.ListViolationsAsync(request).ResponseAsync);

        Assert.Equal((StatusCode.InvalidArgument, "FILTER_INVALID"), (refused.StatusCode, refused.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason));
        Assert.Equal(field, refused.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field);
    }

    [Fact]
    public async Task APageTokenCarryingAnIdNoViolationHas_IsRefusedAsNotIssuedHere()
    {
        // A zero byte in the token's id reached PostgreSQL, which refused it: INTERNAL.
        var token = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("1764547200000|cam:RedLight\0x"));
        var review = new Contracts.V1.Review.ReviewClient(service.ReviewerChannel);

        var refused = await Assert.ThrowsAsync<RpcException>(() => review.ListViolationsAsync(new ListViolationsRequest { PageToken = token }).ResponseAsync);

        Assert.Equal((StatusCode.InvalidArgument, "PAGE_TOKEN_INVALID"), (refused.StatusCode, refused.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason));
    }

    [Fact]
    public async Task AMegabyteCameraId_IsRefusedAsInvalid_WithABoundedAnswer()
    {
        using var call = new CameraIngest.CameraIngestClient(service.Channel).Stream();
        await call.RequestStream.WriteAsync(new IngestRequest { Open = new StreamOpen { CameraId = new string('x', 1_000_000) } });

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.InRange(error.Status.Detail.Length, 1, 1100);
        Assert.Equal("FIELD_INVALID", error.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
        Assert.Equal("open.camera_id", error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field);
    }

    [Fact]
    public async Task AStreamOpenedWithoutACameraId_IsInvalidArgument_NamingTheField()
    {
        using var call = new CameraIngest.CameraIngestClient(service.Channel).Stream();
        await call.RequestStream.WriteAsync(new IngestRequest { Open = new StreamOpen { CameraId = "" } });

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal((StatusCode.InvalidArgument, "FIELD_INVALID"), (error.StatusCode, error.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason));
        Assert.Equal("open.camera_id", error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field);
    }

    [Fact]
    public async Task Statistics_OverTimesOutsideTheTimestampRange_AreInvalidArgument_NamingTheField()
    {
        var statistics = new Statistics.StatisticsClient(service.Channel);
        var now = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);

        var farFuture = await Assert.ThrowsAsync<RpcException>(() => statistics.GetStatisticsAsync(new StatisticsRequest
        {
            From = now,
            To = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = 1_000_000_000_000 },
        }).ResponseAsync);
        var negativeNanos = await Assert.ThrowsAsync<RpcException>(() => statistics.ExportStatisticsCsvAsync(new StatisticsRequest
        {
            From = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = now.Seconds - 3600, Nanos = -1 },
            To = now,
        }).ResponseAsync);

        Assert.Equal((StatusCode.InvalidArgument, "TIMESTAMP_OUT_OF_RANGE"), (farFuture.StatusCode, farFuture.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason));
        Assert.Equal("to", farFuture.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field);
        Assert.Equal((StatusCode.InvalidArgument, "TIMESTAMP_OUT_OF_RANGE"), (negativeNanos.StatusCode, negativeNanos.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason));
        Assert.Equal("from", negativeNanos.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field);
    }

    [Fact]
    public async Task AnUnknownDetectionResolution_IsInvalidArgument_NamingTheField()
    {
        var photos = new PhotoAnalysis.PhotoAnalysisClient(service.Channel);

        var error = await Assert.ThrowsAsync<RpcException>(() => photos.AnalyzePhotoAsync(new AnalyzePhotoRequest { Resolution = (DetectionResolution)99 }).ResponseAsync);

        Assert.Equal((StatusCode.InvalidArgument, "FIELD_INVALID"), (error.StatusCode, error.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason));
        Assert.Equal("resolution", error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field);
    }
}
