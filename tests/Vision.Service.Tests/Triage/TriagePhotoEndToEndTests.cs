using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using OpenCvSharp;
using Vision.Contracts.V1;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.Tests.Triage;
using Vision.Service.Tests.Support;

namespace Vision.Service.Tests.Triage;

[Collection(VisionServiceCollection.Name)]
public sealed class TriagePhotoEndToEndTests(VisionServiceFixture service)
{
    private static readonly GeoPoint DongBaMarket = new() { Latitude = 16.4731, Longitude = 107.5880 };

    private PhotoAnalysis.PhotoAnalysisClient Client => new(service.Channel);

    [Fact]
    public async Task TriagePhoto_BusPhoto_SupportsTheTrafficCategory_AndItsOwnExifGivesAwayAnOldPhotoFromMadrid()
    {
        var response = await Client.TriagePhotoAsync(new TriagePhotoRequest
        {
            Image = ByteString.CopyFrom(TestAssets.SampleBytes("images/bus.jpg")),
            Metadata = new PhotoMetadata
            {
                Category = "traffic_violation",
                ReportedLocation = DongBaMarket,
                ReportedAt = Timestamp.FromDateTimeOffset(TriagePhotos.ReportedAt),
                ReportId = "e2e-bus-1",
            },
        });

        Assert.Equal(("e2e-bus-1", 810, 1080, "JPEG"), (response.ReportId, response.ImageWidth, response.ImageHeight, response.ImageFormat));
        Assert.Contains(response.Objects, found => found.ClassName == "bus" && found.Kind == TriageObjectKind.Vehicle && found.Score >= 0.8f);
        Assert.Equal("traffic_violation", response.SuggestedCategories[0].Category);
        Assert.DoesNotContain(response.SuggestedCategories, suggestion => suggestion.Category == "animals_on_road");
        // bus.jpg still carries its camera's EXIF: 2019-03-01 in Madrid, thousands of kilometres and years from the report.
        Assert.True(response.Exif.Present);
        Assert.Equal(new DateTimeOffset(2019, 3, 1, 6, 6, 33, TimeSpan.Zero), response.Exif.CapturedAt.ToDateTimeOffset());
        Assert.Equal(
            ["QUALITY_SHARP", "QUALITY_EXPOSURE_OK", "QUALITY_RESOLUTION_OK", "CAPTURE_TIME_MONTHS_APART", "CAPTURE_POSITION_FAR", "NOT_A_DUPLICATE", "CATEGORY_SUPPORTED"],
            response.Reasons.Select(reason => reason.Code));
        Assert.Equal(0.6 - 0.4 - 0.3 + 0.15, response.LegitimacyScore, 6);
        Assert.Equal(response.LegitimacyScore, Math.Clamp(0.6 + response.Reasons.Sum(reason => reason.Effect), 0, 1), 6);
        Assert.Equal(["yolox-nano-coco-416", "yolox-nano-coco-dynamic"], response.Models.Take(2).Select(model => model.Name));
        Assert.Contains(response.Models, model => model.Name.StartsWith("face_detection_yunet", StringComparison.Ordinal));
        Assert.All(response.Models, model => Assert.Matches("^[0-9a-f]{64}$", model.Sha256));
        Assert.All(response.Objects, found => Assert.InRange(found.ModelIndex, 0, 1));
        using var copy = Cv2.ImDecode(response.PrivacySafeJpeg.ToByteArray(), ImreadModes.Color);
        Assert.Equal((810, 1080), (copy.Width, copy.Height));
        Assert.Equal(25, response.Fingerprint.Length);
        Assert.True(response.Timings.Total.ToTimeSpan() >= response.Timings.Detection.ToTimeSpan());
    }

    [Fact]
    public async Task ALargeBusyPhoto_IsAnsweredWithinAClientsDefaultReceiveLimit()
    {
        // 23.5 MP of a street photo with a phone sensor's noise: its privacy-safe copy at quality 85 was larger than the 4 MiB
        // a default gRPC client takes, and the backend got RESOURCE_EXHAUSTED after the whole triage (this channel keeps
        // the default receive limit).
        using var source = TestAssets.SampleImage("images/vn_cars_4.jpg");
        using var large = source.Resize(new Size(5600, 4200), 0, 0, InterpolationFlags.Cubic);
        using var noise = new Mat(large.Size(), MatType.CV_8UC3);
        Cv2.Randu(noise, Scalar.All(0), Scalar.All(40));
        Cv2.Add(large, noise, large);
        Cv2.Subtract(large, Scalar.All(20), large);
        Cv2.ImEncode(".jpg", large, out var photo, new ImageEncodingParam(ImwriteFlags.JpegQuality, 90));
        Assert.InRange(photo.Length, 6_000_000, 20_000_000);

        var response = await Triage(photo, "e2e-large-busy", TriagePhotos.ReportedAt);

        Assert.Equal((5600, 4200), (response.ImageWidth, response.ImageHeight));
        Assert.InRange(response.PrivacySafeJpeg.Length, 1, 3_000_000);
        using var copy = Cv2.ImDecode(response.PrivacySafeJpeg.ToByteArray(), ImreadModes.Color);
        Assert.Equal((response.PrivacySafeWidth, response.PrivacySafeHeight), (copy.Width, copy.Height));
        // Smaller only as far as the bytes ask, and with the photo's shape.
        Assert.InRange(copy.Width, 1600, 5600);
        Assert.Equal(4200.0 / 5600, (double)copy.Height / copy.Width, 2);
    }

    [Fact]
    public async Task TriagePhoto_FindsARepostedCopyOfAnEarlierReport_AsADuplicate()
    {
        var original = TestAssets.SampleBytes("images/vn_cars_4.jpg");
        var earlier = await Triage(original, "e2e-dup-original", TriagePhotos.ReportedAt.AddHours(-6));
        var copy = await Triage(TriagePhotos.RepostedCopy(original), "e2e-dup-copy", TriagePhotos.ReportedAt);

        Assert.DoesNotContain(earlier.Duplicates, match => match.ReportId == "e2e-dup-copy");
        var match = Assert.Single(copy.Duplicates, match => match.ReportId == "e2e-dup-original");
        Assert.InRange(match.HammingDistance, 0, 10);
        Assert.Equal((0.0, true), (match.DistanceKm, match.HasDistance));
        Assert.Contains(copy.Reasons, reason => reason.Code == "DUPLICATE_OF_RECENT_REPORT" && reason.Text.Contains("e2e-dup-original"));
        Assert.Contains("30G-705.16", earlier.Plates.Where(plate => plate.Valid).Select(plate => plate.Text));
        // Illegal parking is about the principal vehicle: its plate stays readable in the published copy, the others do not.
        Assert.Single(earlier.Plates, plate => plate.ShownInPrivacyCopy);
        Assert.True(earlier.PlatesObscured >= earlier.Plates.Count - 1);
        Assert.All(earlier.Plates.Where(plate => plate.Valid), plate => Assert.Equal(plate.Text.Count(char.IsAsciiLetterOrDigit), plate.CharacterConfidences.Count));
    }

    public static TheoryData<string, string> BadInputs => new()
    {
        { "empty", "IMAGE_EMPTY" },
        { "truncated", "IMAGE_TRUNCATED" },
        { "corrupt image data", "IMAGE_CORRUPT_HEADER" },
        { "not an image", "IMAGE_UNSUPPORTED_FORMAT" },
        { "30000x30000 header", "IMAGE_DIMENSIONS_TOO_LARGE" },
        { "32x32", "IMAGE_DIMENSIONS_TOO_SMALL" },
        { "directory loop", "EXIF_DIRECTORY_LOOP" },
        { "giant count", "EXIF_VALUE_OUT_OF_BOUNDS" },
        { "5000 segments", "EXIF_TOO_MANY_SEGMENTS" },
        { "60000 entries", "EXIF_TOO_MANY_ENTRIES" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task TriagePhoto_RefusesBadInputsWithInvalidArgumentAndTheirReason_AndKeepsServing(string kind, string expectedReason)
    {
        var image = expectedReason.StartsWith("EXIF_", StringComparison.Ordinal) ? JpegExifReaderTests.Bomb(kind) : PhotoTriageTests.BadImage(kind);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Client.TriagePhotoAsync(new TriagePhotoRequest { Image = ByteString.CopyFrom(image) }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var status = error.GetRpcStatus()!;
        var errorInfo = status.GetDetail<ErrorInfo>();
        Assert.Equal(("vision.v1", expectedReason), (errorInfo.Domain, errorInfo.Reason));
        var violation = Assert.Single(status.GetDetail<BadRequest>().FieldViolations);
        Assert.Equal("image", violation.Field);
        Assert.False(string.IsNullOrWhiteSpace(violation.Description));
        await AssertStillServing();
    }

    public static TheoryData<string, string> MetadataBombs => new()
    {
        { "directory loop", "EXIF_DIRECTORY_LOOP" },
        { "giant count", "EXIF_VALUE_OUT_OF_BOUNDS" },
        { "5000 segments", "EXIF_TOO_MANY_SEGMENTS" },
        { "60000 entries", "EXIF_TOO_MANY_ENTRIES" },
    };

    [Theory]
    [MemberData(nameof(MetadataBombs))]
    public async Task AnalyzePhoto_RefusesMetadataBombsBeforeDecoding_AndKeepsServing(string kind, string expectedReason)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.AnalyzePhotoAsync(new AnalyzePhotoRequest { Image = ByteString.CopyFrom(JpegExifReaderTests.Bomb(kind)) }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var errorInfo = error.GetRpcStatus()!.GetDetail<ErrorInfo>();
        Assert.Equal(("vision.v1", expectedReason), (errorInfo.Domain, errorInfo.Reason));
        await AssertStillServing();
    }

    [Theory]
    [InlineData(-62_135_596_800L)] // year 1
    [InlineData(0L)] // a month ahead of the clock (set below): it would be the "earlier" report of every genuine one before it
    public async Task TriagePhoto_RefusesAReportedTimeOutsideThisEra_OrFromTheFuture(long seconds)
    {
        var reportedAt = seconds != 0 ? seconds : DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeSeconds();
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.TriagePhotoAsync(new TriagePhotoRequest
        {
            Image = ByteString.CopyFrom(TestAssets.SampleBytes("images/zidane.jpg")),
            Metadata = new PhotoMetadata { ReportedAt = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = reportedAt } },
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("REPORT_TIME_INVALID", error.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
        await AssertStillServing();
    }

    [Fact]
    public async Task TriagePhoto_RefusesAReportedPositionOutsideWgs84()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.TriagePhotoAsync(new TriagePhotoRequest
        {
            Image = ByteString.CopyFrom(TestAssets.SampleBytes("images/zidane.jpg")),
            Metadata = new PhotoMetadata { ReportedLocation = new GeoPoint { Latitude = 107.5880, Longitude = 16.4731 } },
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var status = error.GetRpcStatus()!;
        Assert.Equal("REPORT_POSITION_INVALID", status.GetDetail<ErrorInfo>().Reason);
        Assert.Equal("metadata.reported_location", Assert.Single(status.GetDetail<BadRequest>().FieldViolations).Field);
    }

    [Theory]
    [InlineData("report_id", "HS-2026\0-1")]
    [InlineData("report_id", "HS-2026-1\n2026-12-07 INFO forged line")]
    [InlineData("reporter_id", "x")]
    [InlineData("description", "\u0007 bell")]
    [InlineData("category", "illegal_parking\r")]
    public async Task MetadataTextTheStoreOrTheLogsCannotTake_IsRefusedNamingItsField_BeforeThePhotoIsAdmitted(string field, string text)
    {
        // A zero byte in a report id failed PostgreSQL's insert after the whole triage (INTERNAL); a line break forged log lines.
        var metadata = new PhotoMetadata { Category = "illegal_parking", ReportId = "HS-2026-1" };
        switch (field)
        {
            case "report_id": metadata.ReportId = text; break;
            case "reporter_id": metadata.ReporterId = new string('x', 129); break;
            case "description": metadata.Description = text; break;
            default: metadata.Category = text; break;
        }

        foreach (var call in new Func<Task>[]
                 {
                     () => Client.TriagePhotoAsync(new TriagePhotoRequest { Image = ByteString.CopyFrom(TestAssets.SampleBytes("images/bus.jpg")), Metadata = metadata }).ResponseAsync,
                     () => Client.AnalyzePhotoAsync(new AnalyzePhotoRequest { Image = ByteString.CopyFrom(TestAssets.SampleBytes("images/bus.jpg")), Metadata = metadata }).ResponseAsync,
                 })
        {
            var error = await Assert.ThrowsAsync<RpcException>(call);

            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            var status = error.GetRpcStatus()!;
            Assert.Equal("FIELD_INVALID", status.GetDetail<ErrorInfo>().Reason);
            Assert.Equal("metadata." + field, Assert.Single(status.GetDetail<BadRequest>().FieldViolations).Field);
        }

        await AssertStillServing();
    }

    [Fact]
    public async Task AReportedPositionOfZeroZero_IsNoPosition_NotAPlaceInTheGulfOfGuinea()
    {
        // bus.jpg's EXIF places it in Madrid: compared with (0, 0) it was "taken 4 400 km from the reported position".
        var response = await Client.TriagePhotoAsync(new TriagePhotoRequest
        {
            Image = ByteString.CopyFrom(TestAssets.SampleBytes("images/bus.jpg")),
            Metadata = new PhotoMetadata { Category = "illegal_parking", ReportedLocation = new GeoPoint() },
        });

        Assert.Contains(response.Reasons, reason => reason.Code == "CAPTURE_POSITION_NOT_COMPARED");
        Assert.DoesNotContain(response.Reasons, reason => reason.Code == "CAPTURE_POSITION_FAR");
    }

    private async Task<TriagePhotoResponse> Triage(byte[] photo, string reportId, DateTimeOffset reportedAt) =>
        await Client.TriagePhotoAsync(new TriagePhotoRequest
        {
            Image = ByteString.CopyFrom(photo),
            Metadata = new PhotoMetadata
            {
                Category = "illegal_parking",
                ReportedLocation = DongBaMarket,
                ReportedAt = Timestamp.FromDateTimeOffset(reportedAt),
                ReportId = reportId,
            },
        });

    private async Task AssertStillServing()
    {
        var response = await Client.TriagePhotoAsync(new TriagePhotoRequest
        {
            Image = ByteString.CopyFrom(TestAssets.SampleBytes("images/zidane.jpg")),
        });
        Assert.Equal(2, response.Objects.Count(found => found.ClassName == "person"));
        Assert.InRange(response.FacesObscured, 2, 3);
    }
}
