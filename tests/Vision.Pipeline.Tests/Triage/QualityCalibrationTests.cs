using OpenCvSharp;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.Triage;
using Vision.Pipeline.Triage.Quality;
using Xunit.Abstractions;

namespace Vision.Pipeline.Tests.Triage;

/// <summary>The blur and exposure thresholds, calibrated on the sample photos and on blurred, darkened and blown-out copies of them.</summary>
public sealed class QualityCalibrationTests(ITestOutputHelper output)
{
    private static readonly TriageOptions Defaults = new();

    public static TheoryData<string> Samples => FingerprintTests.Samples;

    [Theory]
    [MemberData(nameof(Samples))]
    public void SamplePhotos_AreSharpAndWellExposed_TheirDegradedCopiesAreNot(string sample)
    {
        using var photo = TestAssets.SampleImage(sample);
        using var blurred = new Mat();
        Cv2.GaussianBlur(photo, blurred, new Size(0, 0), Math.Max(photo.Width, photo.Height) / 400.0);
        using var dark = new Mat();
        photo.ConvertTo(dark, -1, 0.12);
        using var blownOut = new Mat();
        photo.ConvertTo(blownOut, -1, 3.0, 60);

        var sharp = PhotoQualityMeter.Measure(photo, Defaults.QualityLongSidePixels);
        var soft = PhotoQualityMeter.Measure(blurred, Defaults.QualityLongSidePixels);
        var darkened = PhotoQualityMeter.Measure(dark, Defaults.QualityLongSidePixels);
        var bright = PhotoQualityMeter.Measure(blownOut, Defaults.QualityLongSidePixels);
        output.WriteLine($"{sample}: sharpness {sharp.LaplacianVariance:F0} → blurred {soft.LaplacianVariance:F1}; " +
                         $"mean luma {sharp.MeanLuma:F0} → dark {darkened.MeanLuma:F0}; bright fraction {sharp.BrightFraction:P1} → blown out {bright.BrightFraction:P1}");

        Assert.Equal(TriageReasonCodes.Sharp, SharpnessCheck.Evaluate(sharp, Defaults.MinLaplacianVariance).Code);
        Assert.Equal(TriageReasonCodes.Blurred, SharpnessCheck.Evaluate(soft, Defaults.MinLaplacianVariance).Code);
        Assert.Equal(TriageReasonCodes.ExposureOk, ExposureCheck.Evaluate(sharp, Defaults.MinMeanLuma, Defaults.MaxBrightFraction).Code);
        Assert.Equal(TriageReasonCodes.TooDark, ExposureCheck.Evaluate(darkened, Defaults.MinMeanLuma, Defaults.MaxBrightFraction).Code);
        Assert.Equal(TriageReasonCodes.Overexposed, ExposureCheck.Evaluate(bright, Defaults.MinMeanLuma, Defaults.MaxBrightFraction).Code);
    }

    [Fact]
    public void Sharpness_DoesNotDependOnTheCameraResolution()
    {
        using var photo = TestAssets.SampleImage("images/bus.jpg");
        using var large = new Mat();
        Cv2.Resize(photo, large, new Size(photo.Width * 3, photo.Height * 3), 0, 0, InterpolationFlags.Cubic);

        var original = PhotoQualityMeter.Measure(photo, Defaults.QualityLongSidePixels).LaplacianVariance;
        var upscaled = PhotoQualityMeter.Measure(large, Defaults.QualityLongSidePixels).LaplacianVariance;
        output.WriteLine($"bus.jpg sharpness {original:F0}, 3× upscaled {upscaled:F0}");

        Assert.InRange(upscaled / original, 0.5, 1.5);
    }

    [Fact]
    public void Resolution_IsLowBelowTheUsefulShortSide()
    {
        var small = new PhotoQuality(640, 360, 500, 120, 0, 0);
        var large = new PhotoQuality(4000, 3000, 500, 120, 0, 0);

        var reason = ResolutionCheck.Evaluate(small, Defaults.MinUsefulShortSidePixels);

        Assert.Equal((TriageReasonCodes.LowResolution, ResolutionCheck.LowResolutionEffect), (reason.Code, reason.Effect));
        Assert.Equal(TriageReasonCodes.ResolutionOk, ResolutionCheck.Evaluate(large, Defaults.MinUsefulShortSidePixels).Code);
    }
}
