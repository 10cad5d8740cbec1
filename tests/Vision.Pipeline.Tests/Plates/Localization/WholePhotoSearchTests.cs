using Vision.Pipeline.Plates;
using Vision.Pipeline.Tests.Support;
using Xunit.Abstractions;

namespace Vision.Pipeline.Tests.Plates.Localization;

/// <summary>Plates of vehicles the detector missed are found by searching the whole photo, each on its own.</summary>
[Collection(PlateLocalizationCollection.Name)]
public sealed class WholePhotoSearchTests(PlateLocalizationFixture models, ITestOutputHelper output)
{
    [Fact]
    public void With_no_vehicle_detected_every_plate_of_the_photo_is_read_not_one_for_all()
    {
        // vn_cars_4.jpg with neither car detected: both plates are found on the whole photo; they were one read.
        using var photo = TestAssets.SampleImage("images/vn_cars_4.jpg");
        var nothing = models.VehicleDetector.Detect(photo) with { Detections = [] };

        var reads = models.PhotoReader().Read(photo, nothing);

        output.WriteLine(string.Join("; ", reads.Select(read => read.Text)));
        var valid = reads.Where(read => read.IsValid).Select(read => read.Formatted).ToList();
        Assert.Contains("30G-705.16", valid);
        Assert.Contains("30F-217.17", valid);
        Assert.All(reads, read => Assert.Null(read.Vehicle));
    }

    [Fact]
    public void The_plate_of_a_car_the_detector_missed_is_read_beside_the_detected_ones()
    {
        // vn_cars_4.jpg with the white-plated car's detection dropped: one small car is still detected, so the whole
        // photo was not searched and 30G-705.16 was lost.
        using var photo = TestAssets.SampleImage("images/vn_cars_4.jpg");
        var detections = models.VehicleDetector.Detect(photo);
        var missed = detections with { Detections = [.. detections.Detections.Where(found => found.Box.Left > photo.Width / 2f)] };
        Assert.NotEmpty(missed.Detections);

        var reads = models.PhotoReader().Read(photo, missed);

        output.WriteLine(string.Join("; ", reads.Select(read => $"{read.Text} on {read.VehicleClass ?? "nothing"}")));
        var valid = reads.Where(read => read.IsValid).Select(read => read.Formatted).ToList();
        Assert.Contains("30F-217.17", valid);
        Assert.Contains("30G-705.16", valid);
    }

    [Fact]
    public void A_us_plate_is_read_in_the_generic_grammar_and_never_as_a_vietnamese_one()
    {
        using var photo = TestAssets.SampleImage("plates/openalpr_us/wts-lg-000157.jpg");

        var generic = models.PhotoReader(PlateGrammarMode.Generic).Read(photo);
        var vietnamese = models.PhotoReader().Read(photo);

        Assert.Contains("7EAV033", generic.Where(read => read.IsValid).Select(read => read.Text.Normalized));
        Assert.DoesNotContain(vietnamese, read => read.IsValid);
    }
}
