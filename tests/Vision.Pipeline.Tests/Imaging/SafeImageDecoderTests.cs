using Vision.Pipeline.Imaging;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Imaging;

public sealed class SafeImageDecoderTests
{
    private readonly SafeImageDecoder _decoder = new(new ImageLimits());

    [Fact]
    public void Decode_GivesTheUprightBgrImage_ForARealJpeg()
    {
        var result = _decoder.Decode(TestAssets.SampleBytes("images/bus.jpg"));

        using var image = Assert.IsType<DecodedImage>(result.Image);
        Assert.Equal((810, 1080, "JPEG"), (image.Width, image.Height, image.Header.Format));
        Assert.Equal(3, image.Pixels.Channels());
    }

    [Fact]
    public void Decode_RefusesEmptyInput() => AssertRefused([], ImageRejectionReason.Empty);

    [Fact]
    public void Decode_RefusesATruncatedJpeg()
    {
        var bytes = TestAssets.SampleBytes("images/bus.jpg");

        AssertRefused(bytes[..(bytes.Length / 2)], ImageRejectionReason.Truncated);
    }

    [Fact]
    public void Decode_RefusesATruncatedPng()
    {
        OpenCvSharp.Cv2.ImEncode(".png", TestAssets.SampleImage("images/zidane.jpg"), out var png);

        AssertRefused(png[..(png.Length - 200)], ImageRejectionReason.Truncated);
    }

    [Fact]
    public void Decode_RefusesANonImageFile() =>
        AssertRefused(File.ReadAllBytes(Path.Combine(TestAssets.RepositoryRoot, "setup.sh")), ImageRejectionReason.UnsupportedFormat);

    [Fact]
    public void Decode_RefusesAHeaderClaiming30000By30000PixelsBeforeDecoding()
    {
        var rejection = AssertRefused(SyntheticImages.JpegClaiming(30_000, 30_000), ImageRejectionReason.DimensionsTooLarge);

        Assert.Equal((30_000, 30_000), (rejection.Header!.Width, rejection.Header.Height));
    }

    [Fact]
    public void Decode_RefusesTinyImages() => AssertRefused(SyntheticImages.Jpeg(8, 8), ImageRejectionReason.DimensionsTooSmall);

    [Fact]
    public void Decode_RefusesMoreBytesThanTheLimit()
    {
        var decoder = new SafeImageDecoder(new ImageLimits { MaxEncodedBytes = 1000 });

        var result = decoder.Decode(TestAssets.SampleBytes("images/bus.jpg"));

        Assert.Equal(ImageRejectionReason.TooManyBytes, result.Rejection?.Reason);
    }

    [Fact]
    public void Decode_RefusesAJpegWithoutImageData()
    {
        var bytes = SyntheticImages.Jpeg(64, 64);
        var startOfScan = bytes.AsSpan().IndexOf([(byte)0xFF, (byte)0xDA]);
        bytes[startOfScan + 1] = 0xFE; // the scan becomes a comment: its data then breaks the chain of segments

        AssertRefused(bytes, ImageRejectionReason.CorruptHeader);
    }

    private ImageRejection AssertRefused(byte[] bytes, ImageRejectionReason reason)
    {
        var result = _decoder.Decode(bytes);
        result.Image?.Dispose();
        var rejection = Assert.IsType<ImageRejection>(result.Rejection);
        Assert.Equal(reason, rejection.Reason);
        Assert.False(string.IsNullOrWhiteSpace(rejection.Message));
        return rejection;
    }
}
