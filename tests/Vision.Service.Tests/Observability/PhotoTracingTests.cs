using System.Diagnostics;
using Google.Protobuf;
using Vision.Contracts.V1;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.Tracing;
using Vision.Service.Tests.Support;

namespace Vision.Service.Tests.Observability;

/// <summary>The span tree of real photos through the real host: the gRPC call, then admission and each stage beneath it.</summary>
[Collection(VisionServiceCollection.Name)]
public sealed class PhotoTracingTests(VisionServiceFixture service)
{
    private const string TestRoot = "test.photo-tracing";

    private PhotoAnalysis.PhotoAnalysisClient Client => new(service.Channel);

    [Fact]
    public async Task TriagePhoto_IsOneTrace_AdmissionDecodeDetectPlatesVerdict_UnderTheCall_WithoutPlateText()
    {
        using var spans = RecordedSpans.OfTestRoot(TestRoot);
        TriagePhotoResponse response;
        ActivityTraceId traceId;
        using (var root = RecordedSpans.TestSource.StartActivity(TestRoot)!)
        {
            traceId = root.TraceId;
            // No report id: the photo is not indexed, so the duplicate tests on the same photo see nothing of it.
            response = await Client.TriagePhotoAsync(new TriagePhotoRequest
            {
                Image = ByteString.CopyFrom(TestAssets.SampleBytes("images/vn_cars_4.jpg")),
                Metadata = new PhotoMetadata { Category = "illegal_parking" },
            });
        }

        var server = await ServerSpanAsync(spans, traceId);
        Assert.Equal("/vision.v1.PhotoAnalysis/TriagePhoto", server.GetTagItem("url.path"));
        var stages = spans.ChildrenOf(server);
        Assert.Equal([SpanNames.PhotoAdmission, SpanNames.PhotoDecode, SpanNames.PhotoDetect, SpanNames.PhotoPlates, SpanNames.PhotoVerdict],
            stages.Select(span => span.OperationName));
        Assert.All(stages, span => Assert.Equal(ActivityStatusCode.Unset, span.Status));

        var (admission, decode, detect, plates, verdict) = (stages[0], stages[1], stages[2], stages[3], stages[4]);
        Assert.Equal(("TriagePhoto", "admitted", (long)response.ImageWidth * response.ImageHeight),
            (admission.GetTagItem(SpanAttributes.AdmissionMethod), admission.GetTagItem(SpanAttributes.AdmissionOutcome), admission.GetTagItem(SpanAttributes.AdmissionPixels)));
        Assert.Equal(("JPEG", response.ImageWidth, response.ImageHeight),
            (decode.GetTagItem(SpanAttributes.ImageFormat), decode.GetTagItem(SpanAttributes.ImageWidth), decode.GetTagItem(SpanAttributes.ImageHeight)));
        Assert.Equal(("HighResolution", "yolox-nano-coco-416,yolox-nano-coco-dynamic", response.Objects.Count),
            (detect.GetTagItem(SpanAttributes.DetectionProfile), detect.GetTagItem(SpanAttributes.ModelName), detect.GetTagItem(SpanAttributes.DetectionCount)));
        Assert.Equal(response.Plates.Count, plates.GetTagItem(SpanAttributes.PlateReadCount));
        Assert.Equal(response.LegitimacyScore, (double)verdict.GetTagItem(SpanAttributes.LegitimacyScore)!, 9);
        Assert.Equal(string.Join(',', response.Reasons.Where(reason => reason.Effect < 0).Select(reason => reason.Code)), verdict.GetTagItem(SpanAttributes.LoweredBy));

        // The photo's plates were read (30G-705.16 among them), yet no span of the trace carries a plate's text.
        Assert.Contains(response.Plates, plate => plate.Text == "30G-705.16");
        var tagValues = spans.InTrace(traceId).SelectMany(span => span.TagObjects).Select(tag => Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "").ToList();
        Assert.All(response.Plates.Where(plate => plate.Text.Length > 0), plate =>
            Assert.DoesNotContain(tagValues, value => value.Contains(plate.Text, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AnalyzePhoto_IsOneTrace_AdmissionDecodeDetect_UnderTheCall()
    {
        using var spans = RecordedSpans.OfTestRoot(TestRoot + ".analyze");
        AnalyzePhotoResponse response;
        ActivityTraceId traceId;
        using (var root = RecordedSpans.TestSource.StartActivity(TestRoot + ".analyze")!)
        {
            traceId = root.TraceId;
            response = await Client.AnalyzePhotoAsync(new AnalyzePhotoRequest
            {
                Image = ByteString.CopyFrom(TestAssets.SampleBytes("images/bus.jpg")),
                Resolution = DetectionResolution.Standard,
            });
        }

        var server = await ServerSpanAsync(spans, traceId);
        var stages = spans.ChildrenOf(server);
        Assert.Equal([SpanNames.PhotoAdmission, SpanNames.PhotoDecode, SpanNames.PhotoDetect], stages.Select(span => span.OperationName));
        Assert.Equal(("AnalyzePhoto", 810L * 1080), (stages[0].GetTagItem(SpanAttributes.AdmissionMethod), stages[0].GetTagItem(SpanAttributes.AdmissionPixels)));
        Assert.Equal(("Standard", "yolox-nano-coco-416", response.Objects.Count),
            (stages[2].GetTagItem(SpanAttributes.DetectionProfile), stages[2].GetTagItem(SpanAttributes.ModelName), stages[2].GetTagItem(SpanAttributes.DetectionCount)));
    }

    [Fact]
    public async Task ARefusedPhoto_EndsItsDecodeSpanInError_WithTheReason()
    {
        using var spans = RecordedSpans.OfTestRoot(TestRoot + ".refused");
        ActivityTraceId traceId;
        var photo = TestAssets.SampleBytes("images/bus.jpg");
        // Truncated in its entropy-coded data, with the end marker put back: the header passes, the decoder refuses it.
        byte[] truncated = [.. photo.AsSpan(0, photo.Length / 2), 0xFF, 0xD9];
        using (var root = RecordedSpans.TestSource.StartActivity(TestRoot + ".refused")!)
        {
            traceId = root.TraceId;
            await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(async () => await Client.AnalyzePhotoAsync(new AnalyzePhotoRequest
            {
                Image = ByteString.CopyFrom(truncated),
                Resolution = DetectionResolution.Standard,
            }));
        }

        var server = await ServerSpanAsync(spans, traceId);
        var decode = Assert.Single(spans.ChildrenOf(server), span => span.OperationName == SpanNames.PhotoDecode);
        Assert.Equal(ActivityStatusCode.Error, decode.Status);
        Assert.Equal("Truncated", decode.GetTagItem(SpanAttributes.RejectionReason));
        Assert.DoesNotContain(spans.ChildrenOf(server), span => span.OperationName == SpanNames.PhotoDetect);
    }

    /// <summary>The call's server span, a child of the test's root (the client sent its traceparent); it ends after the answer left.</summary>
    private static async Task<Activity> ServerSpanAsync(RecordedSpans spans, ActivityTraceId traceId)
    {
        await spans.WaitUntilAsync(all => all.Any(span => span.TraceId == traceId && span.Kind == ActivityKind.Server));
        return Assert.Single(spans.InTrace(traceId), span => span.Kind == ActivityKind.Server);
    }
}
