using System.Buffers.Binary;

namespace Vision.Pipeline.Imaging.Formats;

/// <summary>
/// Reads a WebP's RIFF container: its declared size inside the file, chunk sizes inside the container, and the
/// size from the VP8X, VP8 or VP8L header. Animated WebPs are refused (a photo has one frame).
/// </summary>
internal static class WebpStructure
{
    public const string Format = "WEBP";

    public static bool HasSignature(ReadOnlySpan<byte> data) =>
        data.Length >= 12 && data.StartsWith("RIFF"u8) && data.Slice(8, 4).SequenceEqual("WEBP"u8);

    public static ImageRejection? Read(ReadOnlySpan<byte> data, ImageLimits limits, out ImageHeader? header)
    {
        header = null;
        var riffEnd = 8L + BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
        if (riffEnd > data.Length)
        {
            return ImageProblem.Truncated(Format, null, $"the container declares {riffEnd} bytes");
        }

        var container = data[..(int)riffEnd];
        var position = 12;
        var sawImage = false;
        var chunks = 0;
        while (position + 8 <= container.Length)
        {
            var type = container.Slice(position, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(container[(position + 4)..]);
            if (position + 8L + size > container.Length)
            {
                return ImageProblem.Truncated(Format, header, $"a chunk at byte {position} declares {size} bytes");
            }

            var body = container.Slice(position + 8, (int)size);
            position += 8 + (int)size + (int)(size & 1);
            if (++chunks > limits.MaxMetadataEntries)
            {
                return ImageProblem.TooMuchMetadata(Format, header, $"more than {limits.MaxMetadataEntries} chunks");
            }

            ImageHeader? found;
            if (type.SequenceEqual("ANIM"u8) || type.SequenceEqual("ANMF"u8))
            {
                return ImageProblem.Unsupported("An animated WebP");
            }

            if (type.SequenceEqual("VP8X"u8))
            {
                if (body.Length < 10)
                {
                    return ImageProblem.Corrupt(Format, null, "the VP8X chunk is too short");
                }

                found = new ImageHeader(Format, 1 + ReadUInt24(body[4..]), 1 + ReadUInt24(body[7..]));
            }
            else if (type.SequenceEqual("VP8 "u8))
            {
                if (body.Length < 10 || body[3] != 0x9D || body[4] != 0x01 || body[5] != 0x2A || (body[0] & 1) != 0)
                {
                    return ImageProblem.Corrupt(Format, header, "the VP8 chunk has no key frame header");
                }

                sawImage = true;
                found = header ?? new ImageHeader(Format, BinaryPrimitives.ReadUInt16LittleEndian(body[6..]) & 0x3FFF,
                    BinaryPrimitives.ReadUInt16LittleEndian(body[8..]) & 0x3FFF);
            }
            else if (type.SequenceEqual("VP8L"u8))
            {
                if (body.Length < 5 || body[0] != 0x2F)
                {
                    return ImageProblem.Corrupt(Format, header, "the VP8L chunk has no lossless header");
                }

                sawImage = true;
                var bits = BinaryPrimitives.ReadUInt32LittleEndian(body[1..]);
                found = header ?? new ImageHeader(Format, 1 + (int)(bits & 0x3FFF), 1 + (int)((bits >> 14) & 0x3FFF));
            }
            else
            {
                continue;
            }

            if (header is null)
            {
                header = found;
                if (ImageLimitCheck.Check(header, data.Length, limits) is { } overLimit)
                {
                    return overLimit;
                }
            }

            if (sawImage)
            {
                // Pixels per byte of the image chunk, not of the file: junk chunks or trailing bytes would otherwise let
                // a few hundred bytes of image data claim 49 MP.
                if (ImageLimitCheck.Check(header!, body.Length, limits) is { } tooDense)
                {
                    return tooDense;
                }

                break;
            }
        }

        if (header is null || !sawImage)
        {
            return ImageProblem.Truncated(Format, header, "no VP8 or VP8L image chunk");
        }

        var trailing = data.Length - riffEnd;
        return trailing > limits.MaxTrailingBytes ? ImageProblem.TrailingData(Format, header, trailing, limits.MaxTrailingBytes) : null;
    }

    private static int ReadUInt24(ReadOnlySpan<byte> bytes) => bytes[0] | (bytes[1] << 8) | (bytes[2] << 16);
}
