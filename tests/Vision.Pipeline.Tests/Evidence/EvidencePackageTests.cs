using System.Text.Json;
using OpenCvSharp;
using Vision.Domain.Plates;
using Vision.Domain.Plates.Consensus;
using Vision.Evidence.Verification;
using Vision.Pipeline.Evidence;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Plates.Consensus;
using Vision.Pipeline.Plates.Localization;
using Vision.Pipeline.Privacy;
using Vision.Pipeline.Tests.Plates.Localization;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Evidence;

[Collection(PlateLocalizationCollection.Name)]
public sealed class EvidencePackageTests(PlateLocalizationFixture models) : IDisposable
{
    private const string CarPhoto = "images/vn_car_3.jpg";
    private readonly FaceDetector _faces = new(new FaceDetectorOptions(), TestAssets.ModelDirectory);

    [Fact]
    public void Package_HoldsOriginalKeyFrames_DecodableClip_AnnotatedOverview_AndAVehicleCropWhosePlateReads()
    {
        using var workspace = new EvidenceWorkspace(new EvidenceRedaction(new PrivacyRedactor(_faces), models.VehicleDetector, models.TextLocator));
        var frames = EvidenceSamples.PhotoFrames(CarPhoto, 61);
        var at = frames[30];
        var car = EvidenceSamples.LargestCar(models.VehicleDetector, CarPhoto);
        var candidate = EvidenceSamples.RedLight(at, car, EvidenceSamples.PathTo(car, frames, at.Sequence));

        var result = workspace.Builder.Build(candidate, EvidenceSamples.Camera, frames, CancellationToken.None);

        Assert.NotNull(result.Reference);
        Assert.False(result.AlreadyStored);
        var folder = workspace.Store.Locate(result.Reference.PackageId)!;
        using var trusted = workspace.Key.CreateVerifier();
        var verification = PackageVerifier.Verify(folder, trusted);
        Assert.True(verification.IsValid, string.Join("; ", verification.Problems));
        Assert.Equal(result.Reference.ManifestSha256, verification.ManifestSha256);
        var manifest = verification.Manifest!;

        // Key frames: before, at and after, one second apart, the camera's JPEG bytes untouched.
        Assert.Equal(["Before", "At", "After"], manifest.KeyFrames.Select(k => k.Role));
        Assert.Equal([120L, 130L, 140L], manifest.KeyFrames.Select(k => k.Sequence));
        foreach (var keyFrame in manifest.KeyFrames)
        {
            Assert.Equal(frames.Single(f => f.Sequence == keyFrame.Sequence).Jpeg.ToArray(), File.ReadAllBytes(Path.Combine(folder, keyFrame.File)));
            Assert.Equal(TimeSpan.FromHours(7), keyFrame.CapturedAtLocal.Offset);
            Assert.Equal(keyFrame.CapturedAtUtc, keyFrame.CapturedAtLocal);
        }

        // Clip: three seconds each side at 10 frames/s, decoded back by OpenCV frame by frame.
        Assert.NotNull(manifest.Clip);
        Assert.Equal(61, manifest.Clip.FrameCount);
        Assert.Equal((100L, 160L), (manifest.Clip.FirstSequence, manifest.Clip.LastSequence));
        Assert.Equal(10.0, manifest.Clip.FramesPerSecond);
        Assert.Equal(H264ClipEncoder.Codec, manifest.Clip.Codec);
        using var photo = TestAssets.SampleImage(CarPhoto);
        Assert.Equal(61, CountDecodedFrames(Path.Combine(folder, "clip.mp4"), photo.Width & ~1, photo.Height & ~1));

        // Overview: the violation frame, same size, with the annotation drawn on it.
        using var overview = EvidenceSamples.Decode(Path.Combine(folder, "overview.jpg"));
        Assert.Equal(photo.Size(), overview.Size());
        Assert.True(MeanAbsoluteDifference(photo, overview) > 3, "the overview carries no annotation");
        if (Environment.GetEnvironmentVariable("VISION_EVIDENCE_KEEP") is { } keep)
        {
            CopyFolder(folder, keep);
            Cv2.ImWrite(keep + ".overview.png", overview);
            File.WriteAllText(keep + ".public.pem", workspace.Key.PublicKeyPem);
        }

        // The vehicle crop holds the plate: the real plate reader reads it.
        Assert.Equal("vehicle", manifest.Plate!.CropSource);
        using var crop = EvidenceSamples.Decode(Path.Combine(folder, "vehicle.jpg"));
        var reads = models.PhotoReader().Read(crop);
        Assert.Contains("30A-339.18", reads.Where(r => r.IsValid).Select(r => r.Formatted));

        // The manifest keeps exact text (diacritics), the law, the place, the light state and what made the decision.
        Assert.Equal("Ngã tư Lê Lợi – Hùng Vương, Huế", manifest.Camera.Name);
        Assert.Equal((16.4637, 107.5909), (manifest.Camera.Latitude, manifest.Camera.Longitude));
        Assert.Equal("6.9.b", manifest.Legal!.Code);
        Assert.Equal("Nghị định 168/2024/NĐ-CP", manifest.Legal.Instrument);
        Assert.Equal("Red", manifest.LightStateAtViolation);
        Assert.Equal(3, manifest.LightTimeline.Count);
        Assert.Equal(new ManifestMeasurement("speed", 31.5, "km/h"), manifest.Measurements[0]);
        Assert.Equal((130L, at.CapturedAt), (manifest.Occurred.Sequence, manifest.Occurred.CapturedAtUtc));
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 7, 30, 3, TimeSpan.FromHours(7)), manifest.Occurred.CapturedAtLocal);
        Assert.Equal(TimeSpan.FromHours(7), manifest.Occurred.CapturedAtLocal.Offset);
        Assert.Equal("red-light/north-main", manifest.Provenance.RuleName);
        Assert.Equal(workspace.Key.KeyId, manifest.Signing.KeyId);
        Assert.False(string.IsNullOrEmpty(manifest.Software.Version));
        Assert.Equal(10, manifest.Vehicle.Path.Count);

        // Every file is listed with its hash, including the redacted copy.
        Assert.Equal(
            ["clip.mp4", "keyframes/01-before-120.jpg", "keyframes/02-at-130.jpg", "keyframes/03-after-140.jpg", "overview.jpg",
                "redacted/clip.mp4", "redacted/keyframes/01-before-120.jpg", "redacted/keyframes/02-at-130.jpg", "redacted/keyframes/03-after-140.jpg",
                "redacted/overview.jpg", "vehicle.jpg"],
            manifest.Files.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.NotNull(manifest.Redaction);
        Assert.Equal(_faces.Model.Sha256, manifest.Redaction.FaceModelSha256);
        Assert.Equal(61, manifest.Redaction.ClipFramesRedacted);
        Assert.Equal(61, CountDecodedFrames(Path.Combine(folder, "redacted", "clip.mp4"), photo.Width & ~1, photo.Height & ~1));
    }

    [Fact]
    public void Package_KeepsTheReadersOwnPlateCrop_WhenTheTrackHasAConsensus()
    {
        using var workspace = new EvidenceWorkspace();
        using var photo = TestAssets.SampleImage(CarPhoto);
        var plate = models.PhotoReader().Read(photo).Single(r => r.IsValid);
        var plateRect = new Rect((int)plate.Box.Left, (int)plate.Box.Top, (int)plate.Box.Width, (int)plate.Box.Height);
        using var plateImage = new Mat(photo, plateRect);
        var cropJpeg = plateImage.ImEncode(".jpg");
        var read = models.Reader.Read([plateImage])[0];
        var frames = EvidenceSamples.PhotoFrames(CarPhoto, 41);
        var at = frames[20];
        var observation = new PlateObservation(read, plate.Formatted, true, at.Sequence - 3, at.CapturedAt, plateRect.Width, plateRect.Height, 120, cropJpeg);
        var consensus = new PlateConsensusResult(plate.Text.Normalized, plate.Formatted, true, 0.9, 4, observation, [], true);
        var car = EvidenceSamples.LargestCar(models.VehicleDetector, CarPhoto);
        var candidate = EvidenceSamples.RedLight(at, car, [], new TrackPlate(7, consensus, []));

        var result = workspace.Builder.Build(candidate, EvidenceSamples.Camera, frames, CancellationToken.None);

        var folder = workspace.Store.Locate(result.Reference!.PackageId)!;
        Assert.Equal(cropJpeg, File.ReadAllBytes(Path.Combine(folder, "plate.jpg")));
        Assert.False(File.Exists(Path.Combine(folder, "vehicle.jpg")));
        using var trusted = workspace.Key.CreateVerifier();
        var manifest = PackageVerifier.Verify(folder, trusted).Manifest!;
        Assert.Equal(new ManifestPlate("30A33918", "30A-339.18", true, 0.9, 4, at.Sequence - 3, "consensus"), manifest.Plate);
        using var storedCrop = EvidenceSamples.Decode(Path.Combine(folder, "plate.jpg"));
        Assert.Equal("30A33918", models.Reader.Read([storedCrop])[0].Characters);
    }

    [Fact]
    public void BuildingTheSameViolationTwice_KeepsTheFirstPackage()
    {
        using var workspace = new EvidenceWorkspace();
        var frames = EvidenceSamples.PhotoFrames(CarPhoto, 41);
        var car = EvidenceSamples.LargestCar(models.VehicleDetector, CarPhoto);
        var candidate = EvidenceSamples.RedLight(frames[20], car, []);

        var first = workspace.Builder.Build(candidate, EvidenceSamples.Camera, frames, CancellationToken.None);
        var second = workspace.Builder.Build(candidate, EvidenceSamples.Camera, frames, CancellationToken.None);

        Assert.False(first.AlreadyStored);
        Assert.True(second.AlreadyStored);
        Assert.Equal(first.Reference, second.Reference);
        Assert.Single(Directory.GetDirectories(Path.Combine(workspace.Store.RootDirectory, "packages")));
        Assert.Equal(0, EvidenceWorkspace.StagedDrafts(workspace.Store.RootDirectory));
    }

    [Fact]
    public void NoPackage_WhenTheHistoryHoldsNoFrameNearTheViolation()
    {
        using var workspace = new EvidenceWorkspace();
        var car = EvidenceSamples.LargestCar(models.VehicleDetector, CarPhoto);
        var candidate = EvidenceSamples.RedLight(EvidenceSamples.PhotoFrames(CarPhoto, 1)[0], car, []);

        var result = workspace.Builder.Build(candidate, EvidenceSamples.Camera, [], CancellationToken.None);

        Assert.Null(result.Reference);
        Assert.Equal("no buffered frame of camera 'hue-le-loi-01' near the violation frame 100", result.FailureReason);
        Assert.Empty(Directory.GetDirectories(Path.Combine(workspace.Store.RootDirectory, "packages")));
    }

    public void Dispose() => _faces.Dispose();

    internal static int CountDecodedFrames(string clip, int width, int height)
    {
        using var capture = new VideoCapture(clip);
        Assert.True(capture.IsOpened(), $"OpenCV cannot open {clip}");
        var count = 0;
        using var frame = new Mat();
        while (capture.Read(frame) && !frame.Empty())
        {
            Assert.Equal((width, height), (frame.Width, frame.Height));
            count++;
        }

        return count;
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private static double MeanAbsoluteDifference(Mat a, Mat b)
    {
        using var difference = new Mat();
        Cv2.Absdiff(a, b, difference);
        var mean = Cv2.Mean(difference);
        return (mean.Val0 + mean.Val1 + mean.Val2) / 3;
    }

    [Fact]
    public void TheLightStateAtAViolation_IsRed_WhenOneOfItsHeadsWasRed_ThoughAnotherWasReadLateAsUnknown()
    {
        var frames = EvidenceSamples.PhotoFrames("images/vn_car_3.jpg", 3);
        var at = frames[^1];
        var candidate = EvidenceSamples.RedLight(at, new Vision.Domain.Geometry.BoundingBox(166, 0, 780, 375), []);
        var twoHeads = candidate with
        {
            LightTimeline =
            [
                .. candidate.LightTimeline,
                new Vision.Domain.TrafficLights.LightStateChange("north-second", Vision.Domain.TrafficLights.TrafficLightState.Red, at.Sequence - 24, at.CapturedAt - TimeSpan.FromSeconds(2.4)),
                new Vision.Domain.TrafficLights.LightStateChange("north-second", Vision.Domain.TrafficLights.TrafficLightState.Unknown, at.Sequence - 3, at.CapturedAt - TimeSpan.FromSeconds(0.3)),
            ],
        };
        var greenAndUnknown = candidate with
        {
            LightTimeline =
            [
                new Vision.Domain.TrafficLights.LightStateChange("north-main", Vision.Domain.TrafficLights.TrafficLightState.Green, at.Sequence - 60, at.CapturedAt - TimeSpan.FromSeconds(6)),
                new Vision.Domain.TrafficLights.LightStateChange("north-second", Vision.Domain.TrafficLights.TrafficLightState.Unknown, at.Sequence - 3, at.CapturedAt - TimeSpan.FromSeconds(0.3)),
            ],
        };

        Assert.Equal(Vision.Domain.TrafficLights.TrafficLightState.Red, EvidencePackageBuilder.LightStateAt(twoHeads));
        Assert.Equal(Vision.Domain.TrafficLights.TrafficLightState.Unknown, EvidencePackageBuilder.LightStateAt(greenAndUnknown));
        Assert.Equal(Vision.Domain.TrafficLights.TrafficLightState.Red, EvidencePackageBuilder.LightStateAt(candidate));
        // After a camera outage the head's Unknown and the red it is read next share a sequence: the red is the later.
        var afterOutage = candidate with
        {
            LightTimeline =
            [
                new Vision.Domain.TrafficLights.LightStateChange("north-main", Vision.Domain.TrafficLights.TrafficLightState.Unknown, at.Sequence - 20, at.CapturedAt - TimeSpan.FromSeconds(2)),
                new Vision.Domain.TrafficLights.LightStateChange("north-main", Vision.Domain.TrafficLights.TrafficLightState.Red, at.Sequence - 20, at.CapturedAt - TimeSpan.FromSeconds(2)),
            ],
        };
        Assert.Equal(Vision.Domain.TrafficLights.TrafficLightState.Red, EvidencePackageBuilder.LightStateAt(afterOutage));
    }
}
