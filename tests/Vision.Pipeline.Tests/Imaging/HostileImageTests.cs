using System.Buffers.Binary;
using System.IO.Compression;
using OpenCvSharp;
using Vision.Pipeline.Imaging;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Imaging;

/// <summary>Crafted files an attacker sends: each is refused with the right reason, cheaply, and nothing throws.</summary>
public sealed class HostileImageTests
{
    private readonly SafeImageDecoder _decoder = new(new ImageLimits());

    public static TheoryData<string> SamplePhotos => new(Directory.GetFiles(Path.Combine(TestAssets.SamplesDirectory, "images"), "*.jpg")
        .Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(SamplePhotos))]
    public void EverySamplePhoto_PassesTheStructureCheck_AndDecodes(string name)
    {
        var bytes = TestAssets.SampleBytes($"images/{name}");

        using var image = Assert.IsType<DecodedImage>(_decoder.Decode(bytes).Image);
        Assert.Equal("JPEG", image.Header.Format);
    }

    [Theory]
    [InlineData(".png")]
    [InlineData(".bmp")]
    [InlineData(".webp")]
    public void OtherAcceptedFormats_Decode(string extension)
    {
        using var photo = TestAssets.SampleImage("images/zidane.jpg");
        Cv2.ImEncode(extension, photo, out var encoded);

        using var image = Assert.IsType<DecodedImage>(_decoder.Decode(encoded).Image);
        Assert.Equal((photo.Width, photo.Height), (image.Width, image.Height));
    }

    [Theory]
    [InlineData("images/bus.jpg")] // baseline
    [InlineData("images/vn_cars_4.jpg")] // progressive
    public void ATruncatedJpegWithAnEndMarkerAppended_IsRefusedAsTruncated(string sample)
    {
        var bytes = TestAssets.SampleBytes(sample);
        var cut = bytes[..(bytes.Length * 2 / 3)].Concat(new byte[] { 0xFF, 0xD9 }).ToArray();

        Assert.Equal(ImageRejectionReason.Truncated, Refused(cut).Reason);
    }

    [Fact]
    public void ATruncatedJpegWithRestartMarkers_IsRefusedAsTruncated()
    {
        using var photo = TestAssets.SampleImage("images/bus.jpg");
        Cv2.ImEncode(".jpg", photo, out var encoded, new ImageEncodingParam(ImwriteFlags.JpegRstInterval, 4));
        Assert.Null(_decoder.Inspect(encoded, out _));

        var cut = encoded[..(encoded.Length / 2)].Concat(new byte[] { 0xFF, 0xD9 }).ToArray();

        Assert.Equal(ImageRejectionReason.Truncated, Refused(cut).Reason);
    }

    [Theory]
    [InlineData("images/vn_cars_4.jpg", 2)] // progressive: its last scan, a refinement, sent again
    [InlineData("images/vn_cars_4.jpg", 200)] // the same 200 times: each copy would be decoded over the whole image
    [InlineData("images/bus.jpg", 2)] // baseline: its one scan twice
    public void AJpegSendingAScanAgain_IsRefusedAsCorrupt_BeforeDecodingIt(string sample, int copies)
    {
        var bytes = TestAssets.SampleBytes(sample);
        var lastScan = bytes.AsSpan().LastIndexOf(new byte[] { 0xFF, 0xDA });
        var scan = bytes[lastScan..^2];
        using var repeated = new MemoryStream();
        repeated.Write(bytes, 0, lastScan);
        for (var copy = 0; copy < copies; copy++)
        {
            repeated.Write(scan);
        }

        repeated.Write([0xFF, 0xD9]);
        Assert.Null(_decoder.Inspect(bytes, out _));

        var refused = Refused(repeated.ToArray());

        Assert.Equal(ImageRejectionReason.Undecodable, refused.Reason);
        Assert.Contains("out of order or again", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMotionJpegFrameWithoutHuffmanTables_IsAccepted_AndDecodedWithTheStandardOnes()
    {
        // OpenCV encodes with the standard tables; a Motion-JPEG camera leaves them out of every frame.
        using var photo = TestAssets.SampleImage("images/bus.jpg");
        Cv2.ImEncode(".jpg", photo, out var encoded);
        var withoutTables = WithoutSegmentsBeforeTheScan(encoded, 0xC4);
        Assert.True(withoutTables.Length < encoded.Length - 400);

        using var decoded = Assert.IsType<DecodedImage>(_decoder.Decode(withoutTables).Image);
        using var reference = Cv2.ImDecode(encoded, ImreadModes.Color);

        Assert.Equal(0, Cv2.Norm(decoded.Pixels, reference, NormTypes.INF));
    }

    [Fact]
    public void DataAppendedAfterTheEndMarker_IsAcceptedUpToTheLimit()
    {
        var bytes = TestAssets.SampleBytes("images/bus.jpg");
        var motionPhoto = bytes.Concat(new byte[300_000]).ToArray();

        using (var image = _decoder.Decode(motionPhoto).Image)
        {
            Assert.NotNull(image);
        }

        var strict = new SafeImageDecoder(new ImageLimits { MaxTrailingBytes = 1000 });
        Assert.Equal(ImageRejectionReason.TooManyBytes, strict.Decode(motionPhoto).Rejection?.Reason);
    }

    [Fact]
    public void AJpegOfFillBytesOnly_IsACorruptHeader()
    {
        var bytes = new byte[] { 0xFF, 0xD8 }.Concat(Enumerable.Repeat((byte)0xFF, 100_000)).Concat(new byte[] { 0xFF, 0xD9 }).ToArray();

        Assert.Equal(ImageRejectionReason.CorruptHeader, Refused(bytes).Reason);
    }

    [Fact]
    public void AJpegWithAnEmptyQuantizationSegment_IsRefused()
    {
        var bytes = TestAssets.SampleBytes("images/bus.jpg");
        var dqt = bytes.AsSpan().IndexOf([(byte)0xFF, (byte)0xDB]);
        var crafted = bytes[..dqt].Concat(new byte[] { 0xFF, 0xDB, 0x00, 0x02 }).ToArray();

        Assert.Equal(ImageRejectionReason.Truncated, Refused(crafted).Reason);
        var tablesRemoved = bytes[..dqt].Concat(new byte[] { 0xFF, 0xDB, 0x00, 0x02 }).Concat(SkipSegments(bytes, dqt, 0xDB)).ToArray();
        Assert.Equal(ImageRejectionReason.Undecodable, Refused(tablesRemoved).Reason);
    }

    [Fact]
    public void ABitmapClaimingAHugeWidth_IsRefusedFromItsHeader()
    {
        using var photo = TestAssets.SampleImage("images/zidane.jpg");
        Cv2.ImEncode(".bmp", photo, out var bmp);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), int.MaxValue);

        Assert.Equal(ImageRejectionReason.DimensionsTooLarge, Refused(bmp).Reason);
    }

    [Fact]
    public void AnOldStyleBitmapWhoseHeightWouldReadAsNegative_IsRefusedAtTheHeightDecodersRead()
    {
        // A 12-byte core header, 12 000 × 0xFFC0: read as signed that is 64 top-down rows (and 64 rows of data); the
        // decoder reads 65 472 rows and sets up 2.4 GB before finding the data missing.
        var bmp = new byte[14 + 12 + 64 * 12000 * 3];
        bmp[0] = (byte)'B';
        bmp[1] = (byte)'M';
        BinaryPrimitives.WriteUInt32LittleEndian(bmp.AsSpan(2), (uint)bmp.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(bmp.AsSpan(10), 14 + 12);
        BinaryPrimitives.WriteUInt32LittleEndian(bmp.AsSpan(14), 12);
        BinaryPrimitives.WriteUInt16LittleEndian(bmp.AsSpan(18), 12000);
        BinaryPrimitives.WriteUInt16LittleEndian(bmp.AsSpan(20), 0xFFC0);
        BinaryPrimitives.WriteUInt16LittleEndian(bmp.AsSpan(22), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(bmp.AsSpan(24), 24);

        Assert.Equal(ImageRejectionReason.DimensionsTooLarge, Refused(bmp).Reason);
    }

    [Fact]
    public void APngWhoseImageDataClaimsTwoGigabytes_IsRefusedAsTruncated()
    {
        var png = ZidanePng();
        var idat = png.AsSpan().IndexOf("IDAT"u8) - 4;
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(idat), 0x7FFFFFFF);

        Assert.Equal(ImageRejectionReason.Truncated, Refused(png).Reason);
    }

    [Theory]
    [InlineData("acTL")]
    [InlineData("fcTL")]
    public void AnAnimatedPng_IsRefusedAsUnsupported(string animationChunk)
    {
        // OpenCV decodes an animated PNG through buffers of whole frames at the file's own depth: far more than
        // admission charged, and its checks here read the IDAT, not the frames that are decoded.
        var png = ZidanePng();
        var afterHeader = 8 + 12 + 13;
        var body = new byte[animationChunk == "acTL" ? 8 : 26];
        BinaryPrimitives.WriteUInt32BigEndian(body, 2);
        var animated = png[..afterHeader].Concat(Chunk(animationChunk, body)).Concat(png[afterHeader..]).ToArray();

        var rejection = Refused(animated);
        Assert.Equal(ImageRejectionReason.UnsupportedFormat, rejection.Reason);
        Assert.Contains("animated PNG", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APngTextChunkInflatingTo50Megabytes_IsRefused()
    {
        var png = ZidanePng();
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(new byte[50_000_000]);
        }

        var body = "Comment"u8.ToArray().Concat(new byte[] { 0, 0 }).Concat(compressed.ToArray()).ToArray();
        var afterHeader = 8 + 12 + 13;
        var bomb = png[..afterHeader].Concat(Chunk("zTXt", body)).Concat(png[afterHeader..]).ToArray();

        var rejection = Refused(bomb);
        Assert.Equal(ImageRejectionReason.TooManyBytes, rejection.Reason);
        Assert.Contains("zTXt", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PngTextChunksEachUnderTheLimit_AreRefused_WhenTogetherTheyInflatePastIt()
    {
        // Three chunks of 900 kB each (a thousand of them inflated a gigabyte per check, from a 1 MB file).
        var text = Compressed(new byte[900_000]);
        var body = "Comment"u8.ToArray().Concat(new byte[] { 0, 0 }).Concat(text).ToArray();
        var png = ZidanePng();
        var afterHeader = 8 + 12 + 13;
        var chunks = Enumerable.Repeat(Chunk("zTXt", body), 3).SelectMany(chunk => chunk);
        var bomb = png[..afterHeader].Concat(chunks).Concat(png[afterHeader..]).ToArray();

        var rejection = Refused(bomb);
        Assert.Equal(ImageRejectionReason.TooManyBytes, rejection.Reason);
        Assert.Contains("in all (at chunk zTXt)", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APngTextChunkAskingForAPresetDictionary_IsSkippedAsCorruptMetadata_AndThePhotoDecodes()
    {
        // zlib header 78 BB sets FDICT: .NET's inflater throws ZLibException (an IOException), which escaped as INTERNAL.
        var body = "Comment"u8.ToArray().Concat(new byte[] { 0, 0, 0x78, 0xBB, 0, 0, 0, 1, 0x03, 0x00 }).ToArray();
        var png = ZidanePng();
        var afterHeader = 8 + 12 + 13;
        var withText = png[..afterHeader].Concat(Chunk("zTXt", body)).Concat(png[afterHeader..]).ToArray();

        var result = _decoder.Decode(withText);
        using var image = result.Image;

        Assert.Null(result.Rejection);
        Assert.Equal((1280, 720), (image!.Pixels.Width, image.Pixels.Height));
    }

    [Fact]
    public void AOneBitPngOf50MegapixelsInAFewKilobytes_IsRefusedByItsPixelsPerByte()
    {
        using var blank = new Mat(7071, 7071, MatType.CV_8UC1, Scalar.All(0));
        Cv2.ImEncode(".png", blank, out var png, new ImageEncodingParam(ImwriteFlags.PngBilevel, 1));

        var rejection = Refused(png);
        Assert.Equal(ImageRejectionReason.DimensionsTooLarge, rejection.Reason);
        Assert.Contains("per byte", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AOneBitPngOf50Megapixels_PaddedWithBytesAfterItsEnd_IsStillRefusedByItsPixelsPerByte()
    {
        using var blank = new Mat(7071, 7071, MatType.CV_8UC1, Scalar.All(0));
        Cv2.ImEncode(".png", blank, out var png, new ImageEncodingParam(ImwriteFlags.PngBilevel, 1));

        var rejection = Refused([.. png, .. new byte[500_000]]);

        Assert.Equal(ImageRejectionReason.DimensionsTooLarge, rejection.Reason);
        Assert.Contains("per byte", rejection.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AFlat49MegapixelJpeg_PaddedWithCommentSegments_IsRefusedByItsPixelsPerByte(bool beforeTheEndMarker)
    {
        using var flat = new Mat(7000, 7000, MatType.CV_8UC1, Scalar.All(90));
        Cv2.ImEncode(".jpg", flat, out var jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, 10), new ImageEncodingParam(ImwriteFlags.JpegOptimize, 1));
        // Sixteen 64 kB comment segments after the start marker, or just before the end marker (after the scans, where
        // they were counted as image data): a megabyte that is not image data.
        var comment = new byte[65_535 + 2];
        (comment[0], comment[1], comment[2], comment[3]) = (0xFF, 0xFE, 0xFF, 0xFF);
        var padding = Enumerable.Repeat(comment, 16).SelectMany(segment => segment);
        var padded = beforeTheEndMarker
            ? jpeg[..^2].Concat(padding).Concat(jpeg[^2..]).ToArray()
            : jpeg[..2].Concat(padding).Concat(jpeg[2..]).ToArray();
        Assert.True(49_000_000 < padded.Length * 100L, "the padding must carry the file past the whole-file bound");

        Assert.True(49_000_000 > jpeg.Length * 100L, $"the scans ({jpeg.Length} bytes) must be too few for the pixels");
        var rejection = Refused(padded);

        Assert.Equal(ImageRejectionReason.DimensionsTooLarge, rejection.Reason);
        Assert.Contains("per byte", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFlat49MegapixelLosslessWebp_PaddedWithAJunkChunk_IsRefusedByItsPixelsPerByte()
    {
        using var flat = new Mat(7000, 7000, MatType.CV_8UC3, Scalar.All(90));
        Cv2.ImEncode(".webp", flat, out var webp, new ImageEncodingParam(ImwriteFlags.WebPQuality, 101));
        // A megabyte chunk before the image chunk, inside the container: counted, it carried the file past the bound.
        var junk = Chunk("JUNK", new byte[1_000_000]);
        BinaryPrimitives.WriteUInt32LittleEndian(junk.AsSpan(4), 1_000_000);
        var padded = webp[..12].Concat(junk[..^4]).Concat(webp[12..]).ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(padded.AsSpan(4), (uint)(padded.Length - 8));

        var rejection = Refused(padded);

        Assert.Equal(ImageRejectionReason.DimensionsTooLarge, rejection.Reason);
        Assert.Contains("per byte", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARunLengthBitmapOf49MegapixelsInAFewHundredBytesOfRuns_IsRefused_ThoughTrailingBytesPadTheFile()
    {
        const int width = 7000, height = 7000, runBytes = 300, pixelOffset = 14 + 40 + 1024;
        var bmp = new byte[pixelOffset + runBytes + 1_000_000];
        (bmp[0], bmp[1]) = ((byte)'B', (byte)'M');
        BinaryPrimitives.WriteUInt32LittleEndian(bmp.AsSpan(2), (uint)bmp.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(bmp.AsSpan(10), pixelOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(bmp.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), height);
        BinaryPrimitives.WriteUInt16LittleEndian(bmp.AsSpan(26), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(bmp.AsSpan(28), 8);
        BinaryPrimitives.WriteUInt32LittleEndian(bmp.AsSpan(30), 1); // RLE8
        BinaryPrimitives.WriteUInt32LittleEndian(bmp.AsSpan(34), runBytes);
        for (var run = 0; run < runBytes / 2 - 1; run++)
        {
            bmp[pixelOffset + 2 * run] = 0xFF; // 255 pixels of colour 0
        }

        bmp[pixelOffset + runBytes - 1] = 0x01; // 00 01: end of bitmap

        var rejection = Refused(bmp);

        Assert.Equal(ImageRejectionReason.DimensionsTooLarge, rejection.Reason);
        Assert.Contains("per byte", rejection.Message, StringComparison.Ordinal);
    }

    private ImageRejection Refused(byte[] bytes)
    {
        var result = _decoder.Decode(bytes);
        result.Image?.Dispose();
        return Assert.IsType<ImageRejection>(result.Rejection);
    }

    private static byte[] Compressed(byte[] data)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return compressed.ToArray();
    }

    private static byte[] ZidanePng()
    {
        using var photo = TestAssets.SampleImage("images/zidane.jpg");
        Cv2.ImEncode(".png", photo, out var png);
        return png;
    }

    private static byte[] Chunk(string type, byte[] body)
    {
        var chunk = new byte[12 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, body.Length);
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        body.CopyTo(chunk, 8);
        return chunk;
    }

    /// <summary>The JPEG without the segments with the given marker that come before its first scan.</summary>
    private static byte[] WithoutSegmentsBeforeTheScan(byte[] jpeg, byte marker)
    {
        using var kept = new MemoryStream();
        kept.Write(jpeg, 0, 2);
        var position = 2;
        while (jpeg[position + 1] != 0xDA)
        {
            var length = 2 + ((jpeg[position + 2] << 8) | jpeg[position + 3]);
            if (jpeg[position + 1] != marker)
            {
                kept.Write(jpeg, position, length);
            }

            position += length;
        }

        kept.Write(jpeg, position, jpeg.Length - position);
        return kept.ToArray();
    }

    /// <summary>The bytes from <paramref name="start"/> on, without the segments with the given marker.</summary>
    private static byte[] SkipSegments(byte[] jpeg, int start, byte marker)
    {
        var position = start;
        while (jpeg[position] == 0xFF && jpeg[position + 1] == marker)
        {
            position += 2 + ((jpeg[position + 2] << 8) | jpeg[position + 3]);
        }

        return jpeg[position..];
    }
}
