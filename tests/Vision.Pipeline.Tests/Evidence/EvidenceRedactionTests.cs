using OpenCvSharp;
using Vision.Domain.Geometry;
using Vision.Domain.Violations;
using Vision.Pipeline.Evidence;
using Vision.Pipeline.Plates.Localization;
using Vision.Pipeline.Privacy;
using Vision.Pipeline.Tests.Plates.Localization;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Evidence;

[Collection(PlateLocalizationCollection.Name)]
public sealed class EvidenceRedactionTests(PlateLocalizationFixture models) : IDisposable
{
    private readonly FaceDetector _faces = new(new FaceDetectorOptions(), TestAssets.ModelDirectory);

    [Theory]
    [InlineData("images/zidane.jpg")]
    [InlineData("images/faces_group_ultraface_1.jpg")]
    public void RedactedCopy_HasNoFaceLeft_AndEveryPixelOutsideTheFacesIsUnchanged(string sample)
    {
        using var original = TestAssets.SampleImage(sample);
        using var untouched = original.Clone();
        var facesBefore = _faces.Detect(original);
        var redaction = new EvidenceRedaction(new PrivacyRedactor(_faces), models.VehicleDetector, models.TextLocator);

        using var redacted = redaction.Redact(original, offender: null, out var otherVehicles);

        Assert.NotEmpty(facesBefore);
        Assert.True(redacted.Faces.Count >= facesBefore.Count);
        Assert.Equal(0, otherVehicles);
        Assert.Empty(_faces.Detect(redacted.Image));
        // Besides faces, only plate-like text the whole-frame search found (none is a plate here) may be obscured.
        Assert.Equal(0, ChangedPixels(original, redacted.Image, except: [.. redacted.Faces, .. redacted.OtherRegions]));
        Assert.True(ChangedPixels(original, redacted.Image, except: []) > 0);
        Assert.Equal(0, ChangedPixels(untouched, original, except: []));
    }

    [Fact]
    public void RedactedCopy_ObscuresTheOtherCarsPlate_AndKeepsTheOffendersReadable()
    {
        using var photo = TestAssets.SampleImage("images/vn_cars_4.jpg");
        var reader = models.PhotoReader();
        var before = reader.Read(photo).Where(r => r.IsValid).ToList();
        Assert.Contains("30F-217.17", before.Select(r => r.Formatted));
        var offender = before.Single(r => r.Formatted == "30G-705.16").Vehicle!.Value.Box;
        var redaction = new EvidenceRedaction(new PrivacyRedactor(_faces), models.VehicleDetector, models.TextLocator);

        using var redacted = redaction.Redact(photo, offender, out var otherVehicles);

        Assert.True(otherVehicles >= 1);
        Assert.NotEmpty(redacted.OtherRegions);
        var after = reader.Read(redacted.Image).Where(r => r.IsValid).Select(r => r.Formatted).ToList();
        Assert.Contains("30G-705.16", after);
        Assert.DoesNotContain("30F-217.17", after);
        Assert.Equal(0, ChangedPixels(photo, redacted.Image, except: [.. redacted.Faces, .. redacted.OtherRegions]));
    }

    [Fact]
    public void RedactedCopy_TakesOtherVehiclesFromTheTracker_WhenTheCameraHadThem()
    {
        using var photo = TestAssets.SampleImage("images/vn_cars_4.jpg");
        var reader = models.PhotoReader();
        var reads = reader.Read(photo).Where(r => r.IsValid).ToList();
        var offender = reads.Single(r => r.Formatted == "30G-705.16").Vehicle!.Value.Box;
        var other = reads.Single(r => r.Formatted == "30F-217.17").Vehicle!.Value.Box;
        var redaction = new EvidenceRedaction(new PrivacyRedactor(_faces), models.VehicleDetector, models.TextLocator);

        // The tracker had no other vehicle (the detector is not asked): the other car's plate is still found by the
        // whole-frame search and obscured; it stayed readable before.
        using (var trackedAlone = redaction.Redact(photo, offender, out var none, knownVehicles: []))
        {
            Assert.Equal(0, none);
            var readable = reader.Read(trackedAlone.Image).Where(r => r.IsValid).Select(r => r.Formatted).ToList();
            Assert.Contains("30G-705.16", readable);
            Assert.DoesNotContain("30F-217.17", readable);
        }

        // The tracker had the other car: its plate is obscured, the offender's stays readable.
        using var tracked = redaction.Redact(photo, offender, out var others, knownVehicles: [offender, other]);

        Assert.Equal(1, others);
        var after = reader.Read(tracked.Image).Where(r => r.IsValid).Select(r => r.Formatted).ToList();
        Assert.Contains("30G-705.16", after);
        Assert.DoesNotContain("30F-217.17", after);
    }

    [Fact]
    public void ATrackedBystanderOverlappingTheOffender_IsStillAnotherVehicle_AndGetsItsPlateBand()
    {
        // Two motorbikes side by side at the stop line: the tracker tells them apart, but a bystander whose box overlapped
        // the offender's by IoU 0.5 or more was taken for the offender, and its plate stayed readable in the published copy.
        using var photo = TestAssets.SampleImage("images/vn_cars_4.jpg");
        var offender = models.PhotoReader().Read(photo).Single(r => r.IsValid && r.Formatted == "30G-705.16").Vehicle!.Value.Box;
        var bystander = new BoundingBox(offender.Left + offender.Width * 0.15f, offender.Top, offender.Right + offender.Width * 0.15f, offender.Bottom);
        Assert.True(bystander.IntersectionOverUnion(offender) >= 0.5f);
        var redaction = new EvidenceRedaction(new PrivacyRedactor(_faces), models.VehicleDetector, models.TextLocator);

        using var tracked = redaction.Redact(photo, offender, out var others, knownVehicles: [offender, bystander]);

        Assert.Equal(1, others);
        AssertPlateBandObscured(tracked, bystander);
    }

    [Fact]
    public void ATwinTrackOfTheOffender_IsNoBystander_AndTheOffendersPlateStaysReadable()
    {
        // A pickup tracked as a car and as a truck: the second track's box lies on the offender's, and banding it as a
        // bystander blurred the offender's own plate in the published copy.
        using var photo = TestAssets.SampleImage("images/vn_cars_4.jpg");
        var reader = models.PhotoReader();
        var offender = reader.Read(photo).Single(r => r.IsValid && r.Formatted == "30G-705.16").Vehicle!.Value.Box;
        var twin = new BoundingBox(offender.Left + 2, offender.Top + 2, offender.Right + 2, offender.Bottom + 2);
        var redaction = new EvidenceRedaction(new PrivacyRedactor(_faces), models.VehicleDetector, models.TextLocator);

        using var tracked = redaction.Redact(photo, offender, out var others, knownVehicles: [offender, twin]);

        Assert.Equal(0, others);
        Assert.Contains("30G-705.16", reader.Read(tracked.Image).Where(r => r.IsValid).Select(r => r.Formatted));
    }

    [Fact]
    public void ABystanderWhosePlateWasFoundOnlyInsideAVehicleInFrontOfIt_KeepsItsPlateBand()
    {
        // A motorbike stopped in front of the other car, its box around the plate the car's crop holds: that plate is
        // the motorbike's, and the car's own may still be readable where the locator missed it.
        using var photo = TestAssets.SampleImage("images/vn_cars_4.jpg");
        var reads = models.PhotoReader().Read(photo).Where(r => r.IsValid).ToList();
        var offender = reads.Single(r => r.Formatted == "30G-705.16").Vehicle!.Value.Box;
        var otherRead = reads.Single(r => r.Formatted == "30F-217.17");
        var other = otherRead.Vehicle!.Value.Box;
        var plate = otherRead.Box;
        var motorbike = new BoundingBox(plate.Left - plate.Width * 0.2f, plate.Top - plate.Height * 3, plate.Right + plate.Width * 0.2f, plate.Bottom + plate.Height);
        Assert.True(motorbike.Area < other.Area && motorbike.IntersectionArea(other) > 0);
        var redaction = new EvidenceRedaction(new PrivacyRedactor(_faces), models.VehicleDetector, models.TextLocator);

        using var tracked = redaction.Redact(photo, offender, out var others, knownVehicles: [offender, other, motorbike]);

        Assert.Equal(2, others);
        AssertPlateBandObscured(tracked, other);
    }

    /// <summary>One of the obscured regions covers the vehicle's plate band (within a pixel).</summary>
    private static void AssertPlateBandObscured(RedactedImage redacted, BoundingBox vehicle)
    {
        var band = PlateBand.Of(vehicle);
        Assert.Contains(redacted.OtherRegions, region => region.Left <= band.Left + 1 && region.Top <= band.Top + 1
                                                        && region.Right >= band.Right - 1 && region.Bottom >= band.Bottom - 1);
    }

    [Fact]
    public void ASlowCasesRedactedCopy_ObscuresEveryPlateInTheZone_ForItHasNoOffender()
    {
        // Cars parked on a sidewalk (a parking-lot case): the case's box is the occupied region, both cars inside it.
        using var photo = TestAssets.SampleImage("images/vn_cars_4.jpg");
        var reader = models.PhotoReader();
        Assert.Equal(["30F-217.17", "30G-705.16"], reader.Read(photo).Where(r => r.IsValid).Select(r => r.Formatted).Order());
        var frames = EvidenceSamples.PhotoFrames("images/vn_cars_4.jpg", 3);
        var (first, last) = (frames[0], frames[^1]);
        var lot = EvidenceSamples.RedLight(last, new BoundingBox(0, 0, photo.Width, photo.Height), []) with
        {
            Kind = Vision.Domain.Violations.ViolationKind.SidewalkParkingLot,
            ObjectClass = "car",
            KeyFrames = [new KeyFrame(first.Sequence, first.CapturedAt, KeyFrameRole.First), new KeyFrame(last.Sequence, last.CapturedAt, KeyFrameRole.At)],
            LightTimeline = [],
            Episode = new SlowCaseEpisode(first.Sequence, first.CapturedAt, last.Sequence, last.CapturedAt, null, "parked_vehicles", 1, 2, [],
                [new NormalizedPoint(0, 0), new NormalizedPoint(1, 0), new NormalizedPoint(1, 1), new NormalizedPoint(0, 1)]),
        };
        using var workspace = new EvidenceWorkspace(new EvidenceRedaction(new PrivacyRedactor(_faces), models.VehicleDetector, models.TextLocator));

        var built = workspace.Builder.Build(lot, EvidenceSamples.Camera, frames, CancellationToken.None);

        var redacted = Directory.GetFiles(Path.Combine(workspace.Store.Locate(built.Reference!.PackageId)!, "redacted"), "*.jpg", SearchOption.AllDirectories);
        Assert.NotEmpty(redacted);
        Assert.All(redacted, file =>
        {
            using var image = Cv2.ImRead(file);
            Assert.Empty(reader.Read(image).Where(r => r.IsValid).Select(r => r.Formatted));
        });
    }

    [Fact]
    public void WhereTheOffenderIs_IsKnownOnItsPathAndAtTheViolation_NotAfterIt()
    {
        var frames = EvidenceSamples.PhotoFrames("images/vn_car_3.jpg", 30);
        var car = new BoundingBox(166, 0, 780, 375);
        var at = frames[20];
        var redLight = EvidenceSamples.RedLight(at, car, EvidenceSamples.PathTo(car, frames, at.Sequence));

        Assert.Equal(car, EvidenceRedaction.OffenderAt(redLight, at.Sequence));
        Assert.Equal(redLight.Path[0].Box, EvidenceRedaction.OffenderAt(redLight, redLight.Path[0].Sequence));
        // An "after" frame: the path ends at the violation; a vehicle standing where the offender was is not the offender.
        Assert.Null(EvidenceRedaction.OffenderAt(redLight, at.Sequence + 5));
    }

    public void Dispose() => _faces.Dispose();

    private static int ChangedPixels(Mat original, Mat redacted, IReadOnlyList<Rect> except)
    {
        using var difference = new Mat();
        Cv2.Absdiff(original, redacted, difference);
        using var grey = new Mat();
        Cv2.CvtColor(difference, grey, ColorConversionCodes.BGR2GRAY);
        foreach (var region in except)
        {
            grey[region].SetTo(Scalar.All(0));
        }

        return Cv2.CountNonZero(grey);
    }
}
