using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using OpenCvSharp;
using Vision.Contracts.V1;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.Tracing;
using Vision.Pipeline.Triage;
using Vision.Service.Admission;
using Vision.Service.Tests.Observability;
using Vision.Service.Tests.Support;

namespace Vision.Service.Tests.Hostile;

/// <summary>
/// A photo call whose deadline passes while the service works on it: the service itself stops (it answers
/// DEADLINE_EXCEEDED or CANCELLED, not just the client giving up), never finishes the photo and gives its place among
/// the photos in flight back. Alone with its own service, so nothing else holds a place meanwhile.
/// </summary>
[Collection(IsolatedVisionServiceCollection.Name)]
public sealed class PhotoDeadlineTests(VisionServiceFixture service)
{
    private const string TestRoot = "test.photo-deadline";

    [Fact]
    public async Task ABigTriageWhoseDeadlinePassesMidway_IsStoppedByTheService_AndFreesItsAdmissionSlot()
    {
        // 48 megapixels: seconds of decoding and detection on any machine, so the one-second deadline passes mid-way.
        var photo = ByteString.CopyFrom(LargePhoto(8000, 6000));
        var admission = service.Services.GetRequiredService<PhotoAdmission>();
        var index = service.Services.GetRequiredService<IReportPhotoIndex>();
        var reportedAt = DateTimeOffset.UtcNow;
        using var spans = RecordedSpans.OfTestRoot(TestRoot);
        ActivityTraceId traceId;
        RpcException refused;
        using (var root = RecordedSpans.TestSource.StartActivity(TestRoot)!)
        {
            traceId = root.TraceId;
            refused = await Assert.ThrowsAsync<RpcException>(async () => await new PhotoAnalysis.PhotoAnalysisClient(service.Channel).TriagePhotoAsync(
                new TriagePhotoRequest
                {
                    Image = photo,
                    Metadata = new PhotoMetadata { ReportId = "deadline-report-1", ReportedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(reportedAt) },
                },
                deadline: DateTime.UtcNow.AddSeconds(1)));
        }

        Assert.Equal(StatusCode.DeadlineExceeded, refused.StatusCode);
        await spans.WaitUntilAsync(all => all.Any(span => span.TraceId == traceId && span.Kind == ActivityKind.Server));
        var server = Assert.Single(spans.InTrace(traceId), span => span.Kind == ActivityKind.Server);
        var stages = spans.ChildrenOf(server);

        // The service took the call, then gave up on it itself, before the verdict.
        Assert.Equal("admitted", Assert.Single(stages, span => span.OperationName == SpanNames.PhotoAdmission).GetTagItem(SpanAttributes.AdmissionOutcome));
        Assert.Contains(Convert.ToString(server.GetTagItem("grpc.status_code"), System.Globalization.CultureInfo.InvariantCulture),
            new[] { ((int)StatusCode.DeadlineExceeded).ToString(System.Globalization.CultureInfo.InvariantCulture), ((int)StatusCode.Cancelled).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.DoesNotContain(stages, span => span.OperationName == SpanNames.PhotoVerdict);

        // Its place is free again (the handler has returned: its server span ended), and the photo was never recorded as a report.
        Assert.Equal((0, 0L), (admission.Running, admission.PixelsInFlight));
        var recorded = await index.FindAsync(null, null, 0, reportedAt.AddMinutes(-1), reportedAt.AddMinutes(1), CancellationToken.None);
        Assert.DoesNotContain(recorded, report => report.ReportId == "deadline-report-1");
    }

    private static byte[] LargePhoto(int width, int height)
    {
        using var sample = TestAssets.SampleImage("images/street_00001_ppvehicle.jpg");
        using var large = new Mat();
        Cv2.Resize(sample, large, new Size(width, height), 0, 0, InterpolationFlags.Linear);
        Cv2.ImEncode(".jpg", large, out var jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, 85));
        return jpeg;
    }
}
