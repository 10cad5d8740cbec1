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
        var (plates, carsBySize, model) = CarsWithPlates();
        var plate = carsBySize[0];
        var vehicle = plate.Vehicle!.Value;
        var car = vehicle.Box;
        // The same vehicle boxed a second time, a little larger, as a truck: now the largest vehicle, so the principal.
        var truck = new BoundingBox(car.Left - 6, car.Top - 10, car.Right + 6, car.Bottom + 4);
        TriageObject[] objects =
        [
            new("car", Pipeline.Triage.Categories.TriageObjectKind.Vehicle, vehicle.Confidence, car, model, null),
            new("truck", Pipeline.Triage.Categories.TriageObjectKind.Vehicle, 0.6f, truck, model, null),
        ];

        var obscured = UninvolvedPlates.Select(plates, "illegal_parking", objects, 0.4);

        Assert.DoesNotContain(plate.Box, obscured);
    }

    [Fact]
    public void A_bicycle_larger_in_the_photo_is_not_the_principal_vehicle_it_carries_no_plate()
    {
        var (plates, carsBySize, model) = CarsWithPlates();
        var plate = carsBySize[0];
        var vehicle = plate.Vehicle!.Value;
        // A bicycle near the lens, twice the car's size in the picture.
        var bicycle = new BoundingBox(0, 0, MathF.Sqrt(2 * vehicle.Box.Area) * 1.2f, MathF.Sqrt(2 * vehicle.Box.Area));
        TriageObject[] objects =
        [
            new("car", Pipeline.Triage.Categories.TriageObjectKind.Vehicle, vehicle.Confidence, vehicle.Box, model, null),
            new("bicycle", Pipeline.Triage.Categories.TriageObjectKind.Vehicle, 0.9f, bicycle, model, null),
        ];

        var obscured = UninvolvedPlates.Select(plates, "illegal_parking", objects, 0.4);

        Assert.DoesNotContain(plate.Box, obscured);
    }

    [Fact]
    public void An_uninvolved_vehicle_whose_plate_the_finder_missed_has_where_a_plate_can_be_obscured()
    {
        var (found, carsBySize, model) = CarsWithPlates();
        var (principal, other) = (carsBySize[0], carsBySize[1]);
        // The plate finder missed the other car's plate: nothing of it in the regions. (Seen from behind, its plate sits
        // half-way down its box: a lower third would miss it.)
        var missed = found with { PlateRegions = [.. found.PlateRegions.Where(region => region.IntersectionOverUnion(other.Box) == 0)] };
        TriageObject[] objects =
        [
            new("car", Pipeline.Triage.Categories.TriageObjectKind.Vehicle, principal.Vehicle!.Value.Confidence, principal.Vehicle.Value.Box, model, null),
            new("car", Pipeline.Triage.Categories.TriageObjectKind.Vehicle, other.Vehicle!.Value.Confidence, other.Vehicle.Value.Box, model, null),
        ];

        var obscured = UninvolvedPlates.Select(missed, "illegal_parking", objects, 0.4);

        Assert.Contains(obscured, region => region.Left <= other.Box.Left && other.Box.Right <= region.Right
                                            && region.Top <= other.Box.Top && other.Box.Bottom <= region.Bottom);
        Assert.DoesNotContain(obscured, region => region.IntersectionOverUnion(principal.Box) > 0.5f);
    }

    [Fact]
    public void A_car_behind_a_motorbike_has_where_its_plate_can_be_obscured_whether_or_not_the_motorbikes_plate_was_found()
    {
        // A motorbike stopped in front of a car, inside its box: neither band nor the motorbike's plate is the car's.
        var model = new Vision.Domain.Inference.ModelIdentity("yolox", new string('0', 64));
        var car = new BoundingBox(300, 200, 800, 600);
        var motorbike = new BoundingBox(400, 300, 500, 500);
        TriageObject[] objects =
        [
            new("motorcycle", Pipeline.Triage.Categories.TriageObjectKind.Vehicle, 0.9f, motorbike, model, null),
            new("car", Pipeline.Triage.Categories.TriageObjectKind.Vehicle, 0.9f, car, model, null),
        ];
        var motorbikePlate = new BoundingBox(430, 450, 470, 480);

        var noneFound = UninvolvedPlates.Select(new PhotoPlates([], []), "sidewalk_vendor", objects, 0.4);
        var motorbikesFound = UninvolvedPlates.Select(new PhotoPlates([], [motorbikePlate]), "sidewalk_vendor", objects, 0.4);

        Assert.Equal([PlateBand.Of(motorbike), PlateBand.Of(car)], noneFound);
        Assert.Equal([motorbikePlate, PlateBand.Of(car)], motorbikesFound);
    }

    [Fact]
    public void A_motorbike_whose_box_reaches_over_the_principal_cars_plate_keeps_its_own_plate_band()
    {
        // A motorbike beside the reported car, its box's upper part over the car's plate (shown): that plate is not the
        // motorbike's, and its own, which the finder missed, is obscured where a plate can be.
        var model = new Vision.Domain.Inference.ModelIdentity("yolox", new string('0', 64));
        var car = new BoundingBox(100, 100, 700, 500);
        var motorbike = new BoundingBox(600, 380, 760, 700);
        var carPlate = new BoundingBox(640, 400, 690, 430);
        TriageObject[] objects =
        [
            new("car", Pipeline.Triage.Categories.TriageObjectKind.Vehicle, 0.9f, car, model, null),
            new("motorcycle", Pipeline.Triage.Categories.TriageObjectKind.Vehicle, 0.9f, motorbike, model, null),
        ];
        Assert.True(ObjectClasses.Coco.TryGetId("car", out var carClass));
        var read = new PhotoPlateRead(carPlate, new Detection(car, carClass, 0.9f), "car", VietnamesePlateGrammar.Parse("30A12345"), 0.9f,
            Vision.Domain.Plates.PlateLayout.OneLine, [model]);

        var obscured = UninvolvedPlates.Select(new PhotoPlates([read], [carPlate]), "illegal_parking", objects, 0.4);

        Assert.Equal([PlateBand.Of(motorbike)], obscured);
    }

    /// <summary>The plates found in <c>vn_cars_4.jpg</c>, its valid reads on vehicles from the largest vehicle down, and the detector.</summary>
    private (PhotoPlates Found, List<PhotoPlateRead> ReadsByVehicleSize, Vision.Domain.Inference.ModelIdentity Detector) CarsWithPlates()
    {
        using var photo = TestAssets.SampleImage("images/vn_cars_4.jpg");
        var detections = models.Detectors.Standard.Detect(photo);
        var found = models.Plates().ReadAll(photo, detections);
        var reads = found.Reads.Where(read => read.IsValid && read.Vehicle is not null).OrderByDescending(read => read.Vehicle!.Value.Box.Area).ToList();
        return (found, reads, detections.Model);
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
