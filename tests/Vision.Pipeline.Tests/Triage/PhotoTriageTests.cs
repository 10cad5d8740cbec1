using Microsoft.Extensions.Time.Testing;
using OpenCvSharp;
using Vision.Domain.Geography;
using Vision.Domain.Triage;
using Vision.Pipeline.Imaging;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.TrafficLights;
using Vision.Pipeline.Triage;
using Vision.Pipeline.Triage.Categories;
using Vision.Pipeline.Triage.Duplicates;
using Vision.Pipeline.Triage.Exif;
using Xunit.Abstractions;

namespace Vision.Pipeline.Tests.Triage;

[Collection(TriageCollection.Name)]
public sealed class PhotoTriageTests(TriageFixture models, ITestOutputHelper output)
{
    [Fact]
    public async Task BusPhoto_SupportsATrafficCategory_ButNotLooseCattle()
    {
        var triage = models.CreateTriage();
        var bus = TestAssets.SampleBytes("images/bus.jpg");

        var traffic = await Triage(triage, bus, new ReportMetadata("traffic_violation"));
        var cattle = await Triage(triage, bus, new ReportMetadata("loose_cattle"));

        Assert.Contains(traffic.Objects, found => found.ClassName == "bus" && found.Kind == TriageObjectKind.Vehicle && found.Confidence >= 0.8f);
        ExpectedBoxes.AssertEachMatched(
            [new(48, 398, 245, 902), new(222, 406, 344, 857), new(668, 392, 810, 880)],
            [.. traffic.Objects.Where(found => found.Kind == TriageObjectKind.Person).Select(found => found.Box)]);
        Assert.True(traffic.HasReason(TriageReasonCodes.CategorySupported));
        Assert.True(cattle.HasReason(TriageReasonCodes.CategoryNotSupported));
        Assert.DoesNotContain(traffic.SuggestedCategories, suggestion => suggestion.Category == ReportCategories.AnimalsOnRoad);
        Assert.Equal(ReportCategories.TrafficViolation, traffic.SuggestedCategories[0].Category);
        Assert.Equal(traffic.LegitimacyScore - CategorySupportCheck.SupportedEffect + CategorySupportCheck.NotSupportedEffect, cattle.LegitimacyScore, 6);
    }

    [Fact]
    public async Task HorsesPhoto_SupportsAnimalsOnTheRoad_AndSuggestsIt()
    {
        var result = await Triage(models.CreateTriage(), TestAssets.SampleBytes("images/horses_darknet.jpg"), new ReportMetadata("animals_on_road"));

        Assert.True(result.HasReason(TriageReasonCodes.CategorySupported));
        Assert.Equal(ReportCategories.AnimalsOnRoad, result.SuggestedCategories[0].Category);
        Assert.Contains(result.Objects, found => found.Kind == TriageObjectKind.Animal);
        Assert.DoesNotContain(result.SuggestedCategories, suggestion => suggestion.Category == ReportCategories.TrafficViolation);
    }

    [Fact]
    public async Task DamagedInfrastructure_CannotBeJudged_AndSaysSo()
    {
        var result = await Triage(models.CreateTriage(), TestAssets.SampleBytes("images/street_cars_yfv2_000004.jpg"),
            new ReportMetadata("damaged_infrastructure"));

        var reason = Assert.Single(result.Reasons, reason => reason.Code == TriageReasonCodes.CategoryCannotJudge);
        Assert.Equal(0, reason.Effect);
        Assert.Contains("not potholes", reason.Text);
        Assert.Contains(result.Objects, found => found.Kind == TriageObjectKind.TrafficLight && found.LightState is null);
    }

    [Fact]
    public async Task LightStateReader_IsAskedForEachTrafficLight_InTheUprightPhoto()
    {
        var reader = new RecordingLightStateReader();
        var triage = new PhotoTriage(new TriageOptions(), models.Detectors,
            models.Plates(), new Vision.Pipeline.Privacy.PrivacyRedactor(models.Faces), new InMemoryReportPhotoIndex(),
            new FakeTimeProvider(TriagePhotos.ReportedAt), reader);

        var result = await Triage(triage, TestAssets.SampleBytes("images/street_cars_yfv2_000004.jpg"), ReportMetadata.None);

        var lights = result.Objects.Where(found => found.Kind == TriageObjectKind.TrafficLight).ToList();
        Assert.NotEmpty(lights);
        Assert.Equal(lights.Select(light => light.Box), reader.Boxes);
        Assert.All(lights, light => Assert.Equal(Vision.Domain.TrafficLights.TrafficLightState.Red, light.LightState));
        Assert.All(result.Objects.Where(found => found.Kind != TriageObjectKind.TrafficLight), found => Assert.Null(found.LightState));
        Assert.Equal((result.Width, result.Height), reader.PhotoSize);
    }

    [Fact]
    public async Task NightJunctionPhoto_ReadsTwoRedLightsAndOneGreen()
    {
        var triage = new PhotoTriage(new TriageOptions(), models.Detectors,
            models.Plates(), new Vision.Pipeline.Privacy.PrivacyRedactor(models.Faces), new InMemoryReportPhotoIndex(),
            new FakeTimeProvider(TriagePhotos.ReportedAt), new Vision.Pipeline.TrafficLights.PhotoTrafficLightReader());

        var result = await Triage(triage, TestAssets.SampleBytes("images/openlenda_sample.jpg"), ReportMetadata.None);

        // The three lights measured in TrafficLightClassifierTests: each is found and read; other boxes (lamps
        // of the same housings seen at high resolution) may be reported too, but none contradicts them.
        var lights = result.Objects.Where(found => found.Kind == TriageObjectKind.TrafficLight).ToList();
        foreach (var (region, expected) in new[]
        {
            (new Vision.Domain.Geometry.BoundingBox(522, 80, 565, 175), Vision.Domain.TrafficLights.TrafficLightState.Red),
            (new Vision.Domain.Geometry.BoundingBox(589, 104, 639, 178), Vision.Domain.TrafficLights.TrafficLightState.Green),
            (new Vision.Domain.Geometry.BoundingBox(41, 185, 90, 269), Vision.Domain.TrafficLights.TrafficLightState.Red),
        })
        {
            var overlapping = lights.Where(light => light.Box.IntersectionOverUnion(region) > 0.3f).ToList();
            Assert.NotEmpty(overlapping);
            Assert.All(overlapping, light => Assert.Equal(expected, light.LightState));
        }
    }

    [Fact]
    public async Task RepostedCopy_IsADuplicateOfTheOriginal_ButAnotherStreetPhotoIsNot()
    {
        var index = new InMemoryReportPhotoIndex();
        var triage = models.CreateTriage(index);
        var original = TestAssets.SampleBytes("images/street_00001_ppvehicle.jpg");
        var earlier = new ReportMetadata("traffic_violation", TriagePhotos.DongBaMarket, TriagePhotos.ReportedAt.AddDays(-2), ReportId: "hue-s-0001");
        var later = earlier with { ReportedAt = TriagePhotos.ReportedAt, ReportId = "hue-s-0002" };

        var first = await Triage(triage, original, earlier);
        var copy = await Triage(triage, TriagePhotos.RepostedCopy(original), later);
        var other = await Triage(triage, TestAssets.SampleBytes("images/street_cars_yfv2_000004.jpg"), later with { ReportId = "hue-s-0003" });

        Assert.True(first.HasReason(TriageReasonCodes.NotDuplicate));
        var match = Assert.Single(copy.Duplicates);
        Assert.Equal("hue-s-0001", match.ReportId);
        Assert.InRange(match.HammingDistance, 0, 10);
        Assert.True(copy.HasReason(TriageReasonCodes.DuplicateOfRecentReport));
        // In Huế's time, as the desk shows the report listed below it (the store gives UTC; the date could differ).
        var reportedThen = earlier.ReportedAt!.Value.ToOffset(TimeSpan.FromHours(7));
        Assert.Contains(FormattableString.Invariant($"reported {reportedThen:yyyy-MM-dd HH:mm} +07:00"),
            copy.Reasons.Single(reason => reason.Code == TriageReasonCodes.DuplicateOfRecentReport).Text, StringComparison.Ordinal);
        Assert.Empty(other.Duplicates);
        Assert.True(other.HasReason(TriageReasonCodes.NotDuplicate));
        Assert.True(copy.LegitimacyScore < first.LegitimacyScore - 0.4);
    }

    [Theory]
    [InlineData("a second apart")]
    [InlineData("same instant")] // the report whose id sorts first is the original
    [InlineData("same instant, to the microsecond")] // the store keeps milliseconds: still the same instant
    public async Task TwoCopiesTriagedAtOnce_TheLaterReportIsTheDuplicate_WhicheverSearchesFirst(string apart)
    {
        // Each search waits until both photos could be indexed: as when two triages run side by side, both searches
        // come before either photo's verdict is done. A search made before its own photo is indexed finds nothing.
        var index = new SearchAfterBothIndexed(new InMemoryReportPhotoIndex(), photos: 2);
        var triage = models.CreateTriage(index);
        var photo = TestAssets.SampleBytes("images/street_00001_ppvehicle.jpg");
        var at = apart == "same instant, to the microsecond" ? TriagePhotos.ReportedAt.AddTicks(5_000) : TriagePhotos.ReportedAt;
        var earlier = new ReportMetadata("traffic_violation", TriagePhotos.DongBaMarket,
            at.AddSeconds(apart == "a second apart" ? -1 : 0), ReportId: "hue-s-0101");
        var later = earlier with { ReportedAt = at, ReportId = "hue-s-0102" };

        var results = await Task.WhenAll(Triage(triage, photo, later), Triage(triage, TriagePhotos.RepostedCopy(photo), earlier));

        var duplicate = Assert.Single(results[0].Duplicates);
        Assert.Equal(("hue-s-0101", false), (duplicate.ReportId, duplicate.ReportedLater));
        Assert.True(results[0].HasReason(TriageReasonCodes.DuplicateOfRecentReport));
        // The original names its copy, made later, with no effect on its score.
        var copy = Assert.Single(results[1].Duplicates);
        Assert.Equal(("hue-s-0102", true), (copy.ReportId, copy.ReportedLater));
        Assert.True(results[1].HasReason(TriageReasonCodes.NearDuplicateReportedLater));
        Assert.False(results[1].HasReason(TriageReasonCodes.DuplicateOfRecentReport));
    }

    [Theory]
    [InlineData("a second apart")]
    [InlineData("same instant")]
    public async Task TheOriginalTriagedAfterItsCopy_NamesTheCopyAsReportedLater(string apart)
    {
        // The app queued or retried the original: its copy, made later, was triaged first and found nothing. The
        // original's triage is where the two meet; it must say so, not answer "no duplicate" on both.
        var index = new InMemoryReportPhotoIndex();
        var triage = models.CreateTriage(index);
        var photo = TestAssets.SampleBytes("images/street_00001_ppvehicle.jpg");
        var copyMetadata = new ReportMetadata("traffic_violation", TriagePhotos.DongBaMarket, TriagePhotos.ReportedAt, ReportId: "hue-s-0102");
        var originalMetadata = copyMetadata with
        {
            ReportedAt = TriagePhotos.ReportedAt.AddSeconds(apart == "a second apart" ? -1 : 0), ReportId = "hue-s-0101",
        };

        var copy = await Triage(triage, TriagePhotos.RepostedCopy(photo), copyMetadata);
        var original = await Triage(triage, photo, originalMetadata);

        Assert.Empty(copy.Duplicates);
        var later = Assert.Single(original.Duplicates);
        Assert.Equal(("hue-s-0102", true), (later.ReportId, later.ReportedLater));
        Assert.True(original.HasReason(TriageReasonCodes.NearDuplicateReportedLater));
        Assert.Equal(copy.LegitimacyScore, original.LegitimacyScore, 6);
    }

    /// <summary>The index, with each search held until the given number of photos were added (at most 30 s).</summary>
    private sealed class SearchAfterBothIndexed(InMemoryReportPhotoIndex inner, int photos) : IReportPhotoIndex
    {
        private readonly TaskCompletionSource _allAdded = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _added;

        public async Task AddAsync(IndexedReportPhoto photo, CancellationToken cancellationToken)
        {
            await inner.AddAsync(photo, cancellationToken);
            if (Interlocked.Increment(ref _added) == photos)
            {
                _allAdded.TrySetResult();
            }
        }

        public async Task<IReadOnlyList<IndexedReportPhoto>> FindAsync(double? latitude, double? longitude, double radiusMetres,
            DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
        {
            await Task.WhenAny(_allAdded.Task, Task.Delay(TimeSpan.FromSeconds(30), cancellationToken));
            return await inner.FindAsync(latitude, longitude, radiusMetres, from, to, cancellationToken);
        }
    }

    [Fact]
    public async Task AnEarlierReportWithTwoLikePhotos_IsNamedOnce_ByItsClosestPhoto()
    {
        var index = new InMemoryReportPhotoIndex();
        var triage = models.CreateTriage(index);
        var photo = TestAssets.SampleBytes("images/street_00001_ppvehicle.jpg");
        var first = new ReportMetadata("traffic_violation", TriagePhotos.DongBaMarket, TriagePhotos.ReportedAt.AddHours(-1), ReportId: "hue-s-0301");
        await Triage(triage, photo, first);
        await Triage(triage, TriagePhotos.RepostedCopy(photo), first);

        var repost = await Triage(triage, photo, first with { ReportedAt = TriagePhotos.ReportedAt, ReportId = "hue-s-0302" });

        var match = Assert.Single(repost.Duplicates);
        Assert.Equal(("hue-s-0301", 0), (match.ReportId, match.HammingDistance));
    }

    [Fact]
    public async Task Duplicate_IsNotSought_OutsideTheRadiusOrTheWindow()
    {
        var index = new InMemoryReportPhotoIndex();
        var triage = models.CreateTriage(index);
        var original = TestAssets.SampleBytes("images/vn_cars_4.jpg");
        await Triage(triage, original, new ReportMetadata(ReportedPosition: TriagePhotos.DongBaMarket, ReportedAt: TriagePhotos.ReportedAt.AddDays(-40), ReportId: "old"));
        await Triage(triage, original, new ReportMetadata(ReportedPosition: new GeoPosition(16.4598, 107.5950), ReportedAt: TriagePhotos.ReportedAt, ReportId: "elsewhere"));

        var result = await Triage(triage, original, new ReportMetadata(ReportedPosition: TriagePhotos.DongBaMarket, ReportedAt: TriagePhotos.ReportedAt, ReportId: "new"));

        Assert.Empty(result.Duplicates);
    }

    [Fact]
    public async Task MonthsOldExifTime_GetsItsReason_AndALowerScore()
    {
        var bus = TestAssets.SampleBytes("images/bus.jpg");
        var triage = models.CreateTriage();
        var metadata = new ReportMetadata("traffic_violation", ReportedAt: TriagePhotos.ReportedAt);

        var fresh = await Triage(triage, TriagePhotos.WithExif(bus, new DateTime(2026, 11, 28, 14, 40, 0)), metadata);
        var old = await Triage(triage, TriagePhotos.WithExif(bus, new DateTime(2026, 7, 2, 8, 15, 0), "+07:00"), metadata);

        Assert.True(fresh.HasReason(TriageReasonCodes.CaptureTimeConsistent));
        Assert.True(old.HasReason(TriageReasonCodes.CaptureTimeMonthsApart));
        Assert.Equal(CaptureTimeCheck.ConsistentEffect - CaptureTimeCheck.MonthsApartEffect, fresh.LegitimacyScore - old.LegitimacyScore, 6);
    }

    [Fact]
    public async Task ExifPositionKilometresAway_GetsItsReason_AndALowerScore()
    {
        var bus = TestAssets.SampleBytes("images/bus.jpg");
        var triage = models.CreateTriage();
        var metadata = new ReportMetadata("traffic_violation", TriagePhotos.DongBaMarket, TriagePhotos.ReportedAt);

        var here = await Triage(triage, TriagePhotos.WithExif(bus, position: new GeoPosition(16.4735, 107.5884)), metadata);
        var away = await Triage(triage, TriagePhotos.WithExif(bus, position: new GeoPosition(16.4012, 107.6105)), metadata);

        Assert.True(here.HasReason(TriageReasonCodes.CapturePositionConsistent));
        var far = Assert.Single(away.Reasons, reason => reason.Code == TriageReasonCodes.CapturePositionFar);
        Assert.Contains("8.3 km", far.Text);
        Assert.Equal(CapturePositionCheck.ConsistentEffect - CapturePositionCheck.FarEffect, here.LegitimacyScore - away.LegitimacyScore, 6);
    }

    [Fact]
    public async Task ExifOrientation_IsApplied_BeforeDetection()
    {
        // A phone held sideways stores the sensor's pixels turned a quarter and tags them "rotate 90° clockwise to show".
        using var upright = TestAssets.SampleImage("images/bus.jpg");
        using var sideways = new Mat();
        Cv2.Rotate(upright, sideways, RotateFlags.Rotate90Counterclockwise);
        var stored = TriagePhotos.WithExif(TriagePhotos.Encode(sideways), orientation: 6);

        var result = await Triage(models.CreateTriage(), stored, ReportMetadata.None);

        Assert.Equal((ushort)6, result.Exif.Orientation);
        Assert.Equal((810, 1080), (result.Width, result.Height));
        var bus = Assert.Single(result.Objects, found => found.ClassName == "bus");
        ExpectedBoxes.AssertEachMatched([new(17, 230, 805, 740)], [bus.Box]);
        // The fingerprint is taken upright too, so the same scene sent sideways is still the same photo.
        Assert.InRange(result.Fingerprint.DistanceTo(PhotoFingerprint.Of(upright)), 0, 4);
    }

    [Fact]
    public async Task BlurredCopy_IsFlaggedAsBlurred_AndScoresLower()
    {
        using var photo = TestAssets.SampleImage("images/vn_cars_4.jpg");
        using var blurred = new Mat();
        Cv2.GaussianBlur(photo, blurred, new OpenCvSharp.Size(0, 0), 4);
        var triage = models.CreateTriage();

        var sharp = await Triage(triage, TriagePhotos.Encode(photo), ReportMetadata.None);
        var soft = await Triage(triage, TriagePhotos.Encode(blurred), ReportMetadata.None);

        Assert.True(sharp.HasReason(TriageReasonCodes.Sharp));
        Assert.True(soft.HasReason(TriageReasonCodes.Blurred));
        Assert.True(soft.LegitimacyScore < sharp.LegitimacyScore);
    }

    [Fact]
    public async Task PrivacySafeCopy_ObscuresFaces_AndKeepsOnlyTheInvolvedVehiclesPlate()
    {
        var triage = models.CreateTriage();

        var people = await Triage(triage, TestAssets.SampleBytes("images/zidane.jpg"), ReportMetadata.None);
        var cars = await Triage(triage, TestAssets.SampleBytes("images/vn_cars_4.jpg"), new ReportMetadata("illegal_parking"));
        var carsNoVehicleCategory = await Triage(triage, TestAssets.SampleBytes("images/vn_cars_4.jpg"), new ReportMetadata("sidewalk_vendor"));

        Assert.InRange(people.PrivacySafeCopy.FacesObscured, 2, 3);
        using var copy = Cv2.ImDecode(people.PrivacySafeCopy.Jpeg, ImreadModes.Color);
        Assert.Equal((people.Width, people.Height), (copy.Width, copy.Height));
        Assert.Empty(models.Faces.Detect(copy));
        var plates = cars.Plates.Where(plate => plate.IsValid).Select(plate => plate.Formatted).ToList();
        output.WriteLine($"plates: {string.Join(", ", cars.Plates.Select(plate => plate.Text))}");
        Assert.Contains("30G-705.16", plates);
        Assert.Contains("30F-217.17", plates);
        Assert.Single(cars.Plates, plate => !cars.PrivacySafeCopy.ObscuredPlates.Contains(plate.Box));
        Assert.All(carsNoVehicleCategory.Plates, plate => Assert.Contains(plate.Box, carsNoVehicleCategory.PrivacySafeCopy.ObscuredPlates));
    }

    [Fact]
    public async Task Result_NamesEveryModelThatRan_WithItsSha256()
    {
        var result = await Triage(models.CreateTriage(), TestAssets.SampleBytes("images/bus.jpg"), ReportMetadata.None);

        Assert.Equal(
            ["yolox_nano_coco_416", "yolox_nano_coco_dynamic", models.TextDetector.Model.Name, models.PlateReader.Model.Name, models.SecondOpinion.Model.Name, models.Faces.Model.Name],
            result.Models.Select(model => model.Name));
        Assert.All(result.Models, model => Assert.Matches("^[0-9a-f]{64}$", model.Sha256));
        Assert.Equal("695e750a5d5754bb5a8d5325643b59282191a7e7a564e435a415fd3c578eab14", result.Models[0].Sha256);
        Assert.All(result.Objects, found => Assert.Contains(found.Model, result.Models));
    }

    public static TheoryData<string, ImageRejectionReason> BadImages => new()
    {
        { "truncated", ImageRejectionReason.Truncated },
        { "corrupt image data", ImageRejectionReason.CorruptHeader },
        { "not an image", ImageRejectionReason.UnsupportedFormat },
        { "30000x30000 header", ImageRejectionReason.DimensionsTooLarge },
        { "32x32", ImageRejectionReason.DimensionsTooSmall },
        { "empty", ImageRejectionReason.Empty },
    };

    [Theory]
    [MemberData(nameof(BadImages))]
    public async Task BadImages_AreRefusedWithTheirReason(string kind, ImageRejectionReason expected)
    {
        var outcome = await models.CreateTriage().TriageAsync(BadImage(kind), ReportMetadata.None, CancellationToken.None);

        Assert.Null(outcome.Result);
        Assert.Equal(expected, outcome.ImageRejection?.Reason);
    }

    [Theory]
    [InlineData("directory loop", ExifRejectionReason.DirectoryLoop)]
    [InlineData("giant count", ExifRejectionReason.ValueOutOfBounds)]
    [InlineData("5000 segments", ExifRejectionReason.TooManyMetadataSegments)]
    [InlineData("60000 entries", ExifRejectionReason.TooManyEntries)]
    public async Task ExifBombs_AreRefusedBeforeDecoding(string kind, ExifRejectionReason expected)
    {
        var outcome = await models.CreateTriage().TriageAsync(JpegExifReaderTests.Bomb(kind), ReportMetadata.None, CancellationToken.None);

        Assert.Null(outcome.Result);
        Assert.Equal(expected, outcome.ExifRejection?.Reason);
    }

    public static byte[] BadImage(string kind)
    {
        var bus = TestAssets.SampleBytes("images/bus.jpg");
        return kind switch
        {
            "empty" => [],
            "truncated" => bus[..(bus.Length / 2)],
            "corrupt image data" => WithoutScan(bus),
            "not an image" => File.ReadAllBytes(Path.Combine(TestAssets.RepositoryRoot, "Vision.slnx")),
            "30000x30000 header" => SyntheticImages.JpegClaiming(30_000, 30_000),
            "32x32" => SyntheticImages.Jpeg(32, 32),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    /// <summary>The start-of-scan marker turned into a comment: every header intact, no pixels.</summary>
    private static byte[] WithoutScan(byte[] jpeg)
    {
        var corrupt = jpeg.ToArray();
        var startOfScan = corrupt.AsSpan().IndexOf([(byte)0xFF, (byte)0xDA]);
        corrupt[startOfScan + 1] = 0xFE;
        return corrupt;
    }

    private async Task<PhotoTriageResult> Triage(PhotoTriage triage, byte[] photo, ReportMetadata metadata)
    {
        var outcome = await triage.TriageAsync(photo, metadata, CancellationToken.None);
        var result = Assert.IsType<PhotoTriageResult>(outcome.Result);
        output.WriteLine($"{metadata.Category ?? "(no category)"}: score {result.LegitimacyScore:F2}; " +
                         string.Join("; ", result.Reasons.Select(reason => $"{reason.Code} {reason.Effect:+0.00;-0.00;0}")));
        return result;
    }

    /// <summary>Stands in for the light-colour classifier built on another branch: records what triage asks it.</summary>
    private sealed class RecordingLightStateReader : ITrafficLightStateReader
    {
        public List<Vision.Domain.Geometry.BoundingBox> Boxes { get; } = [];

        public (int Width, int Height) PhotoSize { get; private set; }

        public Vision.Domain.TrafficLights.TrafficLightState Read(Mat photo, Vision.Domain.Geometry.BoundingBox lightBox)
        {
            Boxes.Add(lightBox);
            PhotoSize = (photo.Width, photo.Height);
            return Vision.Domain.TrafficLights.TrafficLightState.Red;
        }
    }
}
