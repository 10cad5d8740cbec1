using OpenCvSharp;
using Vision.Domain.Geometry;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Plates.Localization;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.Triage;
using Xunit.Abstractions;

namespace Vision.Pipeline.Tests.Triage;

/// <summary>The publishable copy obscures every plate-like region but the principal vehicle's plate.</summary>
[Collection(TriageCollection.Name)]
public sealed class PrivacyCopyPlateTests(TriageFixture models, ITestOutputHelper output)
{
    [Theory]
    [InlineData("images/vn_motorbikes_parked_101.jpg")]
    [InlineData("images/vn_cars_4.jpg")]
    [InlineData("images/vn_car_3.jpg")]
    public async Task With_no_vehicle_involved_no_plate_can_be_read_in_the_copy(string sample)
    {
        var result = await Triage(sample, "sidewalk_vendor");

        var readable = ValidPlatesIn(result.PrivacySafeCopy.Jpeg);

        Assert.Contains(result.Plates, plate => plate.IsValid);
        Assert.Empty(readable);
    }

    [Theory]
    [InlineData("images/vn_motorbikes_parked_101.jpg")]
    [InlineData("images/vn_cars_4.jpg")]
    public async Task In_a_vehicle_report_only_the_principal_vehicles_plate_can_be_read_in_the_copy(string sample)
    {
        var result = await Triage(sample, "illegal_parking");
        var shown = result.Plates.Where(plate => !result.PrivacySafeCopy.ObscuredPlates.Contains(plate.Box)).ToList();

        var readable = ValidPlatesIn(result.PrivacySafeCopy.Jpeg);

        var principal = Assert.Single(shown);
        Assert.All(readable, text => Assert.Equal(principal.Text.Normalized, text));
    }

    [Fact]
    public void The_principal_vehicles_plate_stays_readable_when_the_vehicle_was_also_boxed_as_a_truck()
    {
        using var photo = TestAssets.SampleImage("images/vn_cars_4.jpg");
        var detections = models.Detectors.Standard.Detect(photo);
        var plates = models.Plates().ReadAll(photo, detections);
        var plate = plates.Reads.Where(read => read.IsValid && read.Vehicle is not null).MaxBy(read => read.Vehicle!.Value.Box.Area)!;
        var vehicle = plate.Vehicle!.Value;
        var car = vehicle.Box;
        // The same vehicle boxed a second time, a little larger, as a truck: now the largest vehicle, so the principal.
        var truck = new BoundingBox(car.Left - 6, car.Top - 10, car.Right + 6, car.Bottom + 4);
        TriageObject[] objects =
        [
            new("car", Pipeline.Triage.Categories.TriageObjectKind.Vehicle, vehicle.Confidence, car, detections.Model, null),
            new("truck", Pipeline.Triage.Categories.TriageObjectKind.Vehicle, 0.6f, truck, detections.Model, null),
        ];

        var obscured = UninvolvedPlates.Select(plates, "illegal_parking", objects, 0.4);

        Assert.DoesNotContain(plate.Box, obscured);
    }

    private List<string> ValidPlatesIn(byte[] jpeg)
    {
        using var copy = Cv2.ImDecode(jpeg, ImreadModes.Color);
        var reads = models.Plates().Read(copy, models.Detectors.Standard.Detect(copy));
        output.WriteLine("readable in the copy: " + string.Join("; ", reads.Select(read => read.Text)));
        return [.. reads.Where(read => read.IsValid).Select(read => read.Text.Normalized)];
    }

    private async Task<PhotoTriageResult> Triage(string sample, string category)
    {
        var outcome = await models.CreateTriage().TriageAsync(TestAssets.SampleBytes(sample), new ReportMetadata(category), CancellationToken.None);
        var result = Assert.IsType<PhotoTriageResult>(outcome.Result);
        output.WriteLine($"{category}: " + string.Join("; ", result.Plates.Select(plate => $"{plate.Text} on {plate.VehicleClass}")) +
                         $"; {result.PrivacySafeCopy.PlatesObscured} regions obscured");
        return result;
    }
}
