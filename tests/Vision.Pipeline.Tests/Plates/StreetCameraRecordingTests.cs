using OpenCvSharp;
using Vision.Pipeline.Plates.Evaluation;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Plates;

/// <summary>The street camera's effects of the plate evaluation: repeatable per crop, and what they do to a real plate.</summary>
public sealed class StreetCameraRecordingTests
{
    private const string Plate = "plates/vn_crops/6xemay451.jpg";

    [Fact]
    public void A_crop_gets_the_same_effects_in_every_run_and_another_crop_other_effects()
    {
        var seed = StreetCameraRecording.SeedOf("/any/folder/" + Path.GetFileName(Plate));
        Assert.Equal(seed, StreetCameraRecording.SeedOf(Plate));
        Assert.NotEqual(seed, StreetCameraRecording.SeedOf("plates/vn_crops/6xemay452.jpg"));

        using var first = CameraDistance.Shrink(TestAssets.SampleImage(Plate), 20, new Random(seed));
        using var again = CameraDistance.Shrink(TestAssets.SampleImage(Plate), 20, new Random(seed));
        using var other = CameraDistance.Shrink(TestAssets.SampleImage(Plate), 20, new Random(seed + 1));

        Assert.Equal(0, DifferingBytes(first, again));
        Assert.True(DifferingBytes(first, other) > first.Total(), "another seed gives other effects");
    }

    [Fact]
    public void Seen_from_above_the_top_of_the_plate_comes_out_narrower_than_its_bottom()
    {
        // A vertical line near the left edge: the camera looking down moves its top towards the middle.
        var crop = new Mat(50, 100, MatType.CV_8UC3, Scalar.White); // LookDown takes it
        var size = crop.Size();
        crop.Line(new Point(10, 0), new Point(10, 49), Scalar.Black, 1);
        var random = new Random(3);
        var inset = new Random(3).NextDouble() * StreetCameraRecording.MaxKeystone * 100;

        using var seen = StreetCameraRecording.LookDown(crop, random);

        Assert.True(crop.IsDisposed);
        Assert.Equal(size, seen.Size());
        Assert.InRange(DarkestColumn(seen, 0), 10 + inset * 0.9 - 1, 10 + inset * 0.9 + 1);
        Assert.Equal(10, DarkestColumn(seen, 49));
    }

    [Fact]
    public void Recording_blurs_an_edge_along_the_motion_and_noises_flat_areas_in_place()
    {
        using var small = new Mat(20, 30, MatType.CV_8UC3, Scalar.Black);
        small[new Rect(15, 0, 15, 20)].SetTo(Scalar.White);

        StreetCameraRecording.Record(small, new Random(5));

        using var grey = small.CvtColor(ColorConversionCodes.BGR2GRAY);
        // The step from black to white at column 15 is no longer a step: the blur puts grey on one side or both.
        Assert.True(grey.At<byte>(10, 14) > 25 || grey.At<byte>(10, 15) < 230, $"{grey.At<byte>(10, 14)} {grey.At<byte>(10, 15)}");
        // Flat areas carry sensor noise (and compression), not one level.
        Cv2.MeanStdDev(grey[new Rect(0, 0, 10, 20)], out _, out var deviation);
        Assert.InRange(deviation.Val0, 0.5, 3 * StreetCameraRecording.NoiseSigma);
    }

    private static int DarkestColumn(Mat image, int row)
    {
        using var grey = image.CvtColor(ColorConversionCodes.BGR2GRAY);
        var (darkest, width) = (0, grey.Width);
        for (var x = 1; x < width; x++)
        {
            darkest = grey.At<byte>(row, x) < grey.At<byte>(row, darkest) ? x : darkest;
        }

        return darkest;
    }

    [Fact]
    public void A_crop_no_taller_than_the_height_is_kept_as_it_is()
    {
        using var small = new Mat(12, 30, MatType.CV_8UC3, new Scalar(10, 200, 30));
        var kept = CameraDistance.Shrink(small, 16, new Random(1));

        Assert.Same(small, kept);
    }

    private static long DifferingBytes(Mat a, Mat b)
    {
        using var difference = new Mat();
        Cv2.Absdiff(a, b, difference);
        using var flat = difference.Reshape(1);
        return Cv2.CountNonZero(flat);
    }
}
