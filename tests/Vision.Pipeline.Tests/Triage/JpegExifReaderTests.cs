using Vision.Domain.Geography;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.Triage;
using Vision.Pipeline.Triage.Exif;

namespace Vision.Pipeline.Tests.Triage;

public sealed class JpegExifReaderTests
{
    private static readonly JpegExifReader Reader = new(new ExifLimits(), TimeSpan.FromHours(7));

    [Fact]
    public void ReadsCaptureTimeWithItsOffset_GpsPosition_AndOrientation_WrittenByImageSharp()
    {
        var jpeg = TriagePhotos.WithExif(TestAssets.SampleBytes("images/bus.jpg"),
            new DateTime(2026, 3, 1, 9, 30, 15), "+05:30", TriagePhotos.DongBaMarket, orientation: 6);

        var read = Reader.Read(jpeg);

        Assert.Null(read.Rejection);
        Assert.True(read.Facts.Present);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 9, 30, 15, TimeSpan.FromMinutes(330)), read.Facts.CapturedAt);
        Assert.True(read.Facts.CaptureOffsetKnown);
        Assert.Equal((ushort)6, read.Facts.Orientation);
        var position = Assert.IsType<GeoPosition>(read.Facts.Position);
        Assert.InRange(position.DistanceKmTo(TriagePhotos.DongBaMarket), 0, 0.001);
    }

    [Fact]
    public void CaptureTimeWithoutOffset_TakesTheAssumedOffset()
    {
        var jpeg = TriagePhotos.WithExif(TestAssets.SampleBytes("images/bus.jpg"), new DateTime(2026, 11, 28, 14, 0, 0));

        var read = Reader.Read(jpeg);

        Assert.Equal(new DateTimeOffset(2026, 11, 28, 14, 0, 0, TimeSpan.FromHours(7)), read.Facts.CapturedAt);
        Assert.False(read.Facts.CaptureOffsetKnown);
        Assert.Null(read.Facts.Position);
    }

    [Theory]
    [InlineData(1, 1, 1, 0, 0, 0, null)]
    [InlineData(9999, 12, 31, 23, 59, 59, "-05:00")]
    public void CaptureTimeWithNoUtcInstant_IsNoCaptureTime_NotAFailure(int year, int month, int day, int hour, int minute, int second, string? offset)
    {
        var jpeg = TriagePhotos.WithExif(TestAssets.SampleBytes("images/bus.jpg"), new DateTime(year, month, day, hour, minute, second), offset);

        var read = Reader.Read(jpeg);

        Assert.Null(read.Rejection);
        Assert.Null(read.Facts.CapturedAt);
    }

    [Theory]
    [InlineData("images/zidane.jpg")]
    [InlineData("images/vn_cars_4.jpg")]
    public void PhotoWithoutExif_HasNoFacts_AndIsNotRefused(string sample)
    {
        var read = Reader.Read(TestAssets.SampleBytes(sample));

        Assert.Equal((ExifFacts.None, (ExifRejection?)null), (read.Facts, read.Rejection));
    }

    [Fact]
    public void SamplePhotosOwnExif_IsRead()
    {
        // bus.jpg (ultralytics) still carries its camera's EXIF: taken 2019-03-01 13:06:33 (no offset) in Madrid.
        var read = Reader.Read(TestAssets.SampleBytes("images/bus.jpg"));

        Assert.Equal(new DateTimeOffset(2019, 3, 1, 13, 6, 33, TimeSpan.FromHours(7)), read.Facts.CapturedAt);
        Assert.Equal((ushort)1, read.Facts.Orientation);
        Assert.InRange(read.Facts.Position!.Value.DistanceKmTo(new GeoPosition(40.4168, -3.7038)), 0, 2);
    }

    [Fact]
    public void NonJpegData_HasNoFacts()
    {
        var read = Reader.Read("not a JPEG at all"u8);

        Assert.Equal(ExifFacts.None, read.Facts);
        Assert.Null(read.Rejection);
    }

    [Theory]
    [InlineData("no next pointer")]
    [InlineData("shared next pointer")]
    [InlineData("maker note outside")]
    public void UntidyButHarmlessExif_IsRead_NotRefused(string quirk)
    {
        // A citizen's photo edited by an app that writes EXIF so is a legitimate report; refusing it refuses the report.
        var read = Reader.Read(TriagePhotos.WithQuirkyExif(TestAssets.SampleBytes("images/bus.jpg"), quirk));

        Assert.Null(read.Rejection);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 8, 15, 0, TimeSpan.FromHours(7)), read.Facts.CapturedAt);
    }

    public static TheoryData<string, ExifRejectionReason, string> Bombs => new()
    {
        { "directory loop", ExifRejectionReason.DirectoryLoop, "reached twice" },
        { "giant count", ExifRejectionReason.ValueOutOfBounds, "claims 2147483647 values" },
        { "5000 segments", ExifRejectionReason.TooManyMetadataSegments, "more than 64 metadata segments" },
        { "60000 entries", ExifRejectionReason.TooManyEntries, "claims 60000 entries; the limit is 1000" },
    };

    [Theory]
    [MemberData(nameof(Bombs))]
    public void ExifBombs_AreRefusedWithAPreciseReason(string kind, ExifRejectionReason expected, string messagePart)
    {
        var read = Reader.Read(Bomb(kind));

        var rejection = Assert.IsType<ExifRejection>(read.Rejection);
        Assert.Equal(expected, rejection.Reason);
        Assert.Contains(messagePart, rejection.Message);
    }

    [Fact]
    public void MetadataLargerThanTheLimit_IsRefused()
    {
        var reader = new JpegExifReader(new ExifLimits { MaxMetadataSegments = 10_000, MaxMetadataBytes = 10_000 }, TimeSpan.Zero);

        var read = reader.Read(TriagePhotos.ManyMetadataSegments(TestAssets.SampleBytes("images/bus.jpg")));

        Assert.Equal(ExifRejectionReason.MetadataTooLarge, read.Rejection?.Reason);
    }

    public static byte[] Bomb(string kind)
    {
        var bus = TestAssets.SampleBytes("images/bus.jpg");
        return kind switch
        {
            "directory loop" => TriagePhotos.ExifDirectoryLoop(bus),
            "giant count" => TriagePhotos.ExifGiantCount(bus),
            "5000 segments" => TriagePhotos.ManyMetadataSegments(bus),
            "60000 entries" => TriagePhotos.ExifManyEntries(bus),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }
}
