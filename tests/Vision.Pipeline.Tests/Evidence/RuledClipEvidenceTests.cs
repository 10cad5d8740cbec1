using Microsoft.Extensions.Logging.Abstractions;
using Vision.Evidence.Verification;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.Evidence;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Rules;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Scenes;
using Vision.Pipeline.Tests.Rules;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.Tests.Support.Rendering;
using Vision.Pipeline.Tracking;

namespace Vision.Pipeline.Tests.Evidence;

/// <summary>
/// The whole violation path on the rendered junction clip: real detector, tracker, light reading and rules raise the
/// violations; the evidence recorder packages each one; the violation recorder receives them with their evidence.
/// </summary>
public sealed class RuledClipEvidenceTests
{
    [Fact]
    public async Task RedLightAndSidewalkViolations_FromTheRealRules_GetVerifiedPackages()
    {
        var frames = StreetClip.Render();
        using var detector = new ObjectDetector(
            new DetectorOptions { ModelPath = "yolox_nano_coco_416.onnx", ConfidenceThreshold = 0.1f }, TestAssets.ModelDirectory);
        using var workspace = new EvidenceWorkspace(time: TimeProvider.System);
        using var violations = new RecordingViolationRecorder();
        var recorder = new EvidenceRecorder(workspace.Builder, violations, workspace.Options, TimeProvider.System, NullLogger<EvidenceRecorder>.Instance);
        var scene = new SceneLoader(detector.Classes, helmetModelAvailable: false).Parse(StreetClip.SceneJson, "rendered-junction.json").Scene!;
        var rules = new RuleStageFactory(new Dictionary<string, Scene> { ["rendered"] = scene }, RuleScript.Legal);
        var definition = new CameraDefinition { Id = "rendered", Name = "Ngã ba Đống Đa (rendered)", ExpectedFramesPerSecond = 10, Latitude = 16.46, Longitude = 107.59 };
        using var metrics = new PipelineMetrics();
        var camera = new CameraPipeline(definition, detector, new TrackerOptions(), metrics, stages: new WiredStages(camera =>
        {
            var feed = recorder.Open(camera);
            return [feed, rules.Create(camera, feed)];
        }));
        using var stop = new CancellationTokenSource();
        var building = recorder.RunAsync(stop.Token);

        var running = camera.RunAsync(CancellationToken.None);
        for (var i = 0; i < frames.Count; i++)
        {
            await camera.IngestAsync(new EncodedFrame("rendered", i, StreetClip.CapturedAt(i), frames[i]), CancellationToken.None);
        }

        camera.CompleteIngest();
        await running;
        await violations.WaitForAsync(2, TimeSpan.FromSeconds(90));
        await stop.CancelAsync();
        await building;

        using var trusted = workspace.Key.CreateVerifier();
        var recorded = violations.Recorded.OrderBy(r => r.Violation.Sequence).ToList();
        Assert.Equal([Vision.Domain.Violations.ViolationKind.Sidewalk, Vision.Domain.Violations.ViolationKind.RedLight], recorded.Select(r => r.Violation.Kind));
        var manifests = recorded.Select(r =>
        {
            Assert.NotNull(r.Evidence);
            var verification = PackageVerifier.Verify(workspace.Store.Locate(r.Evidence.PackageId)!, trusted);
            Assert.True(verification.IsValid, string.Join("; ", verification.Problems));
            return verification.Manifest!;
        }).ToList();

        var redLight = manifests[1];
        var violation = recorded[1].Violation;
        Assert.Equal(("RedLight", "6.9.b", "Red", "right-lane stop line"), (redLight.ViolationKind, redLight.Legal!.Code, redLight.LightStateAtViolation, redLight.ZoneName));
        Assert.Equal(["Green", "Red"], redLight.LightTimeline.Select(l => l.State));
        Assert.Equal(("rendered-junction", 1, "red-light", scene.Sha256),
            (redLight.Provenance.SceneId, redLight.Provenance.SceneVersion, redLight.Provenance.RuleName, redLight.Provenance.SceneSha256));
        // The rule's own key frames are the package's, in order, with the camera's bytes.
        Assert.Equal(violation.KeyFrames.OrderBy(k => k.Sequence).Select(k => k.Sequence), redLight.KeyFrames.Select(k => k.Sequence));
        Assert.Contains(redLight.KeyFrames, k => k.Role == "After" && k.Sequence == violation.Sequence + 10);
        foreach (var keyFrame in redLight.KeyFrames)
        {
            Assert.Equal(frames[(int)keyFrame.Sequence], File.ReadAllBytes(Path.Combine(workspace.Store.Locate(redLight.PackageId)!, keyFrame.File)));
        }

        Assert.Equal((violation.Sequence - 30, violation.Sequence + 30, 61), (redLight.Clip!.FirstSequence, redLight.Clip.LastSequence, redLight.Clip.FrameCount));
        Assert.Equal(61, EvidencePackageTests.CountDecodedFrames(Path.Combine(workspace.Store.Locate(redLight.PackageId)!, "clip.mp4"), StreetClip.Width, StreetClip.Height));
        Assert.Equal(("Sidewalk", "motorcycle", "verge"), (manifests[0].ViolationKind, manifests[0].Vehicle.ObjectClass, manifests[0].ZoneName));
    }
}
