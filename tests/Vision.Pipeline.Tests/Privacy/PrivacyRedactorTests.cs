using OpenCvSharp;
using Vision.Domain.Geometry;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Privacy;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Privacy;

public sealed class PrivacyRedactorTests : IDisposable
{
    private readonly FaceDetector _faces = new(new FaceDetectorOptions(), TestAssets.ModelDirectory);

    [Theory]
    [InlineData("images/zidane.jpg")]
    [InlineData("images/faces_group_ultraface_1.jpg")]
    public void RedactedCopyHasNoDetectableFaceAndIsUnchangedElsewhere(string sample)
    {
        using var original = TestAssets.SampleImage(sample);
        var redactor = new PrivacyRedactor(_faces);

        using var redacted = redactor.Redact(original, []);

        var facesBefore = _faces.Detect(original, PrivacyRedactor.DefaultFaceScoreThreshold);
        Assert.NotEmpty(redacted.Faces);
        Assert.Empty(_faces.Detect(redacted.Image));
        // Even at the cautious redaction threshold nothing is left where a face was.
        Assert.DoesNotContain(_faces.Detect(redacted.Image, PrivacyRedactor.DefaultFaceScoreThreshold),
            left => facesBefore.Any(face => face.Box.IntersectionOverUnion(left.Box) > 0.2f));
        Assert.Equal(0, ChangedPixelsOutside(original, redacted.Image, redacted.Faces));
        Assert.True(ChangedPixelsInside(original, redacted.Image, redacted.Faces) > 0);
    }

    [Fact]
    public void OtherRegionsAreObscuredAndTheOriginalIsUntouched()
    {
        using var original = TestAssets.SampleImage("images/vn_cars_4.jpg");
        using var before = original.Clone();
        var plate = new BoundingBox(100, 100, 220, 140);

        using var redacted = new PrivacyRedactor(_faces).Redact(original, [plate]);

        Assert.Single(redacted.OtherRegions);
        Assert.Equal(RegionObscurer.Grow(plate, original.Width, original.Height), redacted.OtherRegions[0]);
        Assert.Equal(0, ChangedPixelsOutside(original, redacted.Image, [.. redacted.Faces, .. redacted.OtherRegions]));
        using var difference = new Mat();
        Cv2.Absdiff(before, original, difference);
        Assert.Equal(0, Cv2.CountNonZero(difference.Reshape(1)));
    }

    [Fact]
    public void TheCrowdInATwelveMegapixelStreetPhoto_IsRedactedFaceByFace()
    {
        // A phone's 4032 × 3024 photo of a street with the crowd at its own size: faces of 10–40 px that the whole-photo
        // pass (scaled to 1280 px, a third) shrinks below what the model sees.
        using var crowd = TestAssets.SampleImage("images/faces_group_ultraface_1.jpg");
        using var street = TestAssets.SampleImage("images/street_00001_ppvehicle.jpg");
        using var photo = street.Resize(new Size(4032, 3024));
        var at = new Point(1900, 1700);
        crowd.CopyTo(photo[new Rect(at, crowd.Size())]);
        var facesInTheCrowd = _faces.Detect(crowd, PrivacyRedactor.DefaultFaceScoreThreshold)
            .Select(face => new BoundingBox(face.Box.Left + at.X, face.Box.Top + at.Y, face.Box.Right + at.X, face.Box.Bottom + at.Y))
            .ToList();

        using var redacted = new PrivacyRedactor(_faces).Redact(photo, []);

        Assert.True(facesInTheCrowd.Count >= 45, $"{facesInTheCrowd.Count} faces in the crowd photo alone");
        var missed = facesInTheCrowd.Where(face => !redacted.Faces.Any(rect => Covers(rect, face))).ToList();
        Assert.True(missed.Count == 0, $"{missed.Count} of {facesInTheCrowd.Count} faces left visible: {string.Join(", ", missed)}");
    }

    public void Dispose() => _faces.Dispose();

    private static bool Covers(Rect obscured, BoundingBox face) =>
        obscured.Left <= face.Left + 1 && obscured.Top <= face.Top + 1 && obscured.Right >= face.Right - 1 && obscured.Bottom >= face.Bottom - 1;

    private static int ChangedPixelsOutside(Mat original, Mat redacted, IReadOnlyList<Rect> regions)
    {
        using var mask = ChangedMask(original, redacted);
        foreach (var region in regions)
        {
            mask[region].SetTo(Scalar.All(0));
        }

        return Cv2.CountNonZero(mask);
    }

    private static int ChangedPixelsInside(Mat original, Mat redacted, IReadOnlyList<Rect> regions)
    {
        using var mask = ChangedMask(original, redacted);
        return regions.Sum(region =>
        {
            using var inside = mask[region];
            return Cv2.CountNonZero(inside);
        });
    }

    private static Mat ChangedMask(Mat original, Mat redacted)
    {
        using var difference = new Mat();
        Cv2.Absdiff(original, redacted, difference);
        using var grey = new Mat();
        Cv2.CvtColor(difference, grey, ColorConversionCodes.BGR2GRAY);
        var mask = new Mat();
        Cv2.Threshold(grey, mask, 0, 255, ThresholdTypes.Binary);
        return mask;
    }
}
