using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using OpenCvSharp;
using Vision.Contracts.V1;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.Tracing;
using Vision.Domain.Triage;
using Vision.Service.Admission;
using Vision.Service.Tests.Observability;
using Vision.Service.Tests.Support;

namespace Vision.Service.Tests.Hostile;

/// <summary>
/// A photo call given up while the service works on it (a passed deadline cancels the call the same way on the
/// service's side; one that passes while the call waits for a place is PhotoAdmissionTests'): the service itself stops,
/// never finishes the photo and gives its place among the photos in flight back. Alone with its own service, so nothing
/// else holds a place meanwhile.
/// </summary>
[Collection(IsolatedVisionServiceCollection.Name)]
public sealed class PhotoCancellationTests(VisionServiceFixture service)
{
    private const string TestRoot = "test.photo-cancellation";

    [Fact]
    public async Task ABigTriageCancelledMidway_IsStoppedByTheService_AndFreesItsAdmissionSlot()
    {
        // 48 megapixels: seconds of decoding and detection on any machine. The caller gives up (as a passed deadline does:
        // the service sees both as the call's cancellation) once the service has admitted the photo.
        var photo = ByteString.CopyFrom(LargePhoto(8000, 6000));
        var admission = service.Services.GetRequiredService<PhotoAdmission>();
        var index = service.Services.GetRequiredService<IReportPhotoIndex>();
        var reportedAt = DateTimeOffset.UtcNow;
        using var spans = RecordedSpans.OfTestRoot(TestRoot);
        using var giveUp = new CancellationTokenSource();
        ActivityTraceId traceId;
        Task<TriagePhotoResponse> call;
        using (var root = RecordedSpans.TestSource.StartActivity(TestRoot)!)
        {
            traceId = root.TraceId;
            call = new PhotoAnalysis.PhotoAnalysisClient(service.Channel).TriagePhotoAsync(
                new TriagePhotoRequest
                {
                    Image = photo,
                    Metadata = new PhotoMetadata { ReportId = "cancelled-report-1", ReportedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(reportedAt) },
                },
                deadline: DateTime.UtcNow.AddMinutes(5), cancellationToken: giveUp.Token).ResponseAsync;
        }

        await Polling.UntilAsync(() => admission.PixelsInFlight == 8000L * 6000, TimeSpan.FromMinutes(1));
        await giveUp.CancelAsync();
        var refused = await Assert.ThrowsAsync<RpcException>(() => call);

        Assert.Equal(StatusCode.Cancelled, refused.StatusCode);
        await spans.WaitUntilAsync(all => all.Any(span => span.TraceId == traceId && span.Kind == ActivityKind.Server));
        var server = Assert.Single(spans.InTrace(traceId), span => span.Kind == ActivityKind.Server);
        var stages = spans.ChildrenOf(server);

        // The service stopped the work itself, before the verdict: it did not finish the photo for nobody.
        Assert.Equal("admitted", Assert.Single(stages, span => span.OperationName == SpanNames.PhotoAdmission).GetTagItem(SpanAttributes.AdmissionOutcome));
        Assert.DoesNotContain(stages, span => span.OperationName == SpanNames.PhotoVerdict);

        // Its place is free again (the handler has returned: its server span ended), and the photo was never recorded as a report.
        Assert.Equal((0, 0L), (admission.Running, admission.PixelsInFlight));
        var recorded = await index.FindAsync(null, null, 0, reportedAt.AddMinutes(-1), reportedAt.AddMinutes(1), CancellationToken.None);
        Assert.DoesNotContain(recorded, report => report.ReportId == "cancelled-report-1");
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
