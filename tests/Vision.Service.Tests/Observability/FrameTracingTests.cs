using System.Diagnostics;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Vision.Pipeline.Tests.Support.Rendering;
using Vision.Pipeline.Tracing;
using Vision.Service.Hosting;
using Vision.Service.Tests.EndToEnd;
using Vision.Service.Tests.Support;

namespace Vision.Service.Tests.Observability;

/// <summary>
/// Each camera frame is a trace of its own through the real service: a gateway streams the rendered junction (the
/// motorbike rides on the sidewalk near frame 25); the frame that raised the violation carries it through evidence to
/// the store in the same trace.
/// </summary>
public sealed class FrameTracingTests : IAsyncLifetime
{
    private const string CameraId = "traced-junction-1";
    private const int FramesStreamed = 40;
    private readonly string _folder = Directory.CreateTempSubdirectory("vision-tracing-").FullName;
    private WebApplication? _app;
    private GrpcChannel _channel = null!;

    public async Task InitializeAsync()
    {
        await RenderedJunctionService.WriteScenesAsync(_folder);
        _app = VisionApp.Build(
        [
            "--urls", "http://127.0.0.1:0",
            .. RenderedJunctionService.Arguments(_folder, CameraId, new Uri("http://127.0.0.1:9/open311/")),
            // The package is built once the frames a second after the violation are in, well inside the frames streamed.
            "--Vision:Evidence:ClipBefore", "00:00:01",
            "--Vision:Evidence:ClipAfter", "00:00:01",
        ]);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _channel = GrpcChannel.ForAddress(address);
    }

    [Fact]
    public async Task AFrame_IsATraceOfItsStages_AndTheViolationItRaised_IsBuiltAndRecordedInThatTrace()
    {
        using var spans = RecordedSpans.OfCamera(CameraId);
        var frames = StreetClip.Render();
        await using (var gateway = await GatewayClient.OpenAsync(_channel, CameraId))
        {
            for (var sequence = 0; sequence < FramesStreamed; sequence++)
            {
                await gateway.SendAsync(sequence, frames[sequence]);
                var sent = (ulong)sequence;
                await Polling.UntilAsync(() => gateway.Completed.Any(completed => completed.Sequence == sent), TimeSpan.FromMinutes(2));
            }

            await gateway.FinishAsync();
        }

        await spans.WaitUntilAsync(all => all.Any(span => span.OperationName == SpanNames.ViolationRecord));
        var roots = spans.Snapshot().Where(span => span.OperationName == SpanNames.Frame).OrderBy(span => (long)span.GetTagItem(SpanAttributes.FrameSequence)!).ToList();
        Assert.Equal(Enumerable.Range(0, FramesStreamed).Select(sequence => (long)sequence), roots.Select(root => (long)root.GetTagItem(SpanAttributes.FrameSequence)!));
        Assert.All(roots, root =>
        {
            Assert.Equal((ActivityKind.Consumer, default(ActivitySpanId), "Processed", CameraId),
                (root.Kind, root.ParentSpanId, root.GetTagItem(SpanAttributes.FrameOutcome), root.GetTagItem(SpanAttributes.CameraId)));
            Assert.Equal((StreetClip.Width, StreetClip.Height), (root.GetTagItem(SpanAttributes.ImageWidth), root.GetTagItem(SpanAttributes.ImageHeight)));
            // Each frame its own trace, linked to the gateway's stream rather than nested in it.
            Assert.Single(root.Links);
        });
        Assert.Equal(FramesStreamed, roots.Select(root => root.TraceId).Distinct().Count());

        var raising = Assert.Single(roots, root => spans.ChildrenOf(root).Any(span => span.OperationName == SpanNames.FrameRules
            && (int)span.GetTagItem(SpanAttributes.ViolationCount)! > 0));
        Assert.InRange((long)raising.GetTagItem(SpanAttributes.FrameSequence)!, 23, 27);
        var stages = spans.ChildrenOf(raising);
        Assert.Equal([SpanNames.FrameQueued, SpanNames.FrameDecode, SpanNames.FrameDetect, SpanNames.FrameTrack, SpanNames.FramePlates, SpanNames.FrameRules],
            stages.Select(span => span.OperationName));
        Assert.All(stages, stage => Assert.True(stage.StartTimeUtc >= raising.StartTimeUtc && stage.StartTimeUtc + stage.Duration <= raising.StartTimeUtc + raising.Duration));
        Assert.Equal("yolox-nano-coco-640", stages[2].GetTagItem(SpanAttributes.ModelName));
        Assert.True((int)stages[3].GetTagItem(SpanAttributes.TrackCount)! >= 1);
        var rules = stages[5];
        Assert.Equal(1, rules.GetTagItem(SpanAttributes.ViolationCount));

        var afterRules = spans.ChildrenOf(rules);
        Assert.Equal([SpanNames.EvidenceBuild, SpanNames.ViolationRecord], afterRules.Select(span => span.OperationName));
        Assert.Equal(true, afterRules[0].GetTagItem(SpanAttributes.EvidenceBuilt));
        Assert.All(afterRules, span => Assert.Equal(("Sidewalk", CameraId, raising.GetTagItem(SpanAttributes.FrameSequence)),
            (span.GetTagItem(SpanAttributes.ViolationKind), span.GetTagItem(SpanAttributes.CameraId), span.GetTagItem(SpanAttributes.FrameSequence))));
        Assert.Equal(afterRules[0].GetTagItem(SpanAttributes.ViolationId), afterRules[1].GetTagItem(SpanAttributes.ViolationId));
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a finishing background write; the temp folder is cleaned by the OS.
        }
    }
}
