using System.Buffers.Binary;
using System.IO.Compression;

namespace Vision.Pipeline.Imaging.Formats;

/// <summary>
/// Walks a PNG chunk by chunk: IHDR first and valid, every chunk length inside the file, ancillary chunks small and
/// compressed metadata (zTXt, iTXt, iCCP) inflating to a bounded size, enough compressed image data to hold the
/// pixels the header claims, and IEND at the end.
/// </summary>
internal static class PngStructure
{
    public const string Format = "PNG";

    // DEFLATE cannot compress better than about 1032:1; image data claiming more is a lie (a bomb or a truncation).
    private const int MaxDeflateRatio = 1032;

    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static bool HasSignature(ReadOnlySpan<byte> data) => data.StartsWith(Signature);

    public static ImageRejection? Read(ReadOnlySpan<byte> data, ImageLimits limits, out ImageHeader? header)
    {
        header = null;
        var position = Signature.Length;
        var bitsPerPixel = 0;
        long imageDataBytes = 0;
        var ancillaryChunks = 0;
        long inflatedMetadata = 0;
        var first = true;
        while (true)
        {
            if (position + 8 > data.Length)
            {
                return ImageProblem.Truncated(Format, header, "no IEND chunk");
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(data[position..]);
            var type = data.Slice(position + 4, 4);
            var name = System.Text.Encoding.ASCII.GetString(type);
            if (length > int.MaxValue || !IsChunkName(type))
            {
                return ImageProblem.Corrupt(Format, header, $"the chunk at byte {position} has length {length} and type {Printable(type)}");
            }

            if (position + 12L + length > data.Length)
            {
                return ImageProblem.Truncated(Format, header, $"chunk {name} at byte {position} declares {length} bytes");
            }

            var body = data.Slice(position + 8, (int)length);
            position += 12 + (int)length;
            if (first != (name == "IHDR"))
            {
                return ImageProblem.Corrupt(Format, header, first ? "the first chunk is not IHDR" : "a second IHDR chunk");
            }

            first = false;
            switch (name)
            {
                case "IHDR":
                    header = ReadImageHeader(body, out bitsPerPixel, out var headerProblem);
                    if (header is null)
                    {
                        return ImageProblem.Corrupt(Format, null, headerProblem!);
                    }

                    if (ImageLimitCheck.Check(header, data.Length, limits) is { } overLimit)
                    {
                        return overLimit;
                    }

                    break;
                case "IDAT":
                    imageDataBytes += length;
                    break;
                case "IEND":
                    return Finish(data.Length - position, header!, bitsPerPixel, imageDataBytes, limits);
                case "acTL" or "fcTL" or "fdAT":
                    // An animated PNG: OpenCV decodes it through buffers of several whole frames at the file's own depth
                    // (a 500 kB file cost 1.5 GB against the 250 MB admission charged), and its checks here read IDAT,
                    // not the frames decoded. A photo has one frame, as for WebP.
                    return ImageProblem.Unsupported("An animated PNG");
                default:
                    if ((type[0] & 0x20) == 0 && name != "PLTE")
                    {
                        return ImageProblem.Unsupported($"A PNG with the critical chunk {name}");
                    }

                    if (++ancillaryChunks > limits.MaxMetadataEntries)
                    {
                        return ImageProblem.TooMuchMetadata(Format, header, $"more than {limits.MaxMetadataEntries} ancillary chunks");
                    }

                    if (name != "PLTE" && length > limits.MaxPngAncillaryChunkBytes)
                    {
                        return ImageProblem.TooMuchMetadata(Format, header, $"chunk {name} holds {length} bytes; at most {limits.MaxPngAncillaryChunkBytes} are accepted");
                    }

                    if (CompressedPart(name, body) is { } compressed)
                    {
                        // One budget for the whole file: a thousand chunks each under it would have inflated a gigabyte.
                        var inflated = InflatedBytes(compressed, limits.MaxInflatedMetadataBytes - inflatedMetadata);
                        if (inflated is null)
                        {
                            return ImageProblem.TooMuchMetadata(Format, header,
                                $"its compressed metadata does not inflate to at most {limits.MaxInflatedMetadataBytes} bytes in all (at chunk {name})");
                        }

                        inflatedMetadata += inflated.Value;
                    }

                    break;
            }
        }
    }

    private static ImageRejection? Finish(long trailing, ImageHeader header, int bitsPerPixel, long imageDataBytes, ImageLimits limits)
    {
        var rawBytes = header.Height * (1 + ((long)header.Width * bitsPerPixel + 7) / 8);
        if (imageDataBytes == 0 || rawBytes > imageDataBytes * MaxDeflateRatio)
        {
            return ImageProblem.Truncated(Format, header, $"{imageDataBytes} bytes of image data cannot hold {rawBytes} bytes of pixels");
        }

        // Pixels per byte of image data, not of the file: padding chunks or bytes after the end would otherwise let a few
        // kilobytes of pixels claim a 50 MP image.
        if (ImageLimitCheck.Check(header, imageDataBytes, limits) is { } tooDense)
        {
            return tooDense;
        }

        return trailing > limits.MaxTrailingBytes ? ImageProblem.TrailingData(Format, header, trailing, limits.MaxTrailingBytes) : null;
    }

    private static ImageHeader? ReadImageHeader(ReadOnlySpan<byte> body, out int bitsPerPixel, out string? problem)
    {
        bitsPerPixel = 0;
        problem = null;
        if (body.Length != 13)
        {
            problem = $"IHDR holds {body.Length} bytes, not 13";
            return null;
        }

        var width = BinaryPrimitives.ReadUInt32BigEndian(body);
        var height = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        var depth = body[8];
        var colourType = body[9];
        var channels = colourType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => 0 };
        var depthAllowed = colourType switch
        {
            0 => depth is 1 or 2 or 4 or 8 or 16,
            3 => depth is 1 or 2 or 4 or 8,
            2 or 4 or 6 => depth is 8 or 16,
            _ => false,
        };
        if (width is 0 or > int.MaxValue || height is 0 or > int.MaxValue)
        {
            problem = $"IHDR gives the size {width}×{height}";
        }
        else if (!depthAllowed || body[10] != 0 || body[11] != 0 || body[12] > 1)
        {
            problem = $"IHDR gives colour type {colourType}, bit depth {depth}, methods {body[10]}/{body[11]}/{body[12]}";
        }

        if (problem is not null)
        {
            return null;
        }

        bitsPerPixel = channels * depth;
        return new ImageHeader(Format, (int)width, (int)height);
    }

    /// <summary>The zlib stream of a compressed text chunk or ICC profile; null for other chunks.</summary>
    private static ReadOnlySpan<byte> CompressedPart(string name, ReadOnlySpan<byte> body)
    {
        // zTXt and iCCP: name, 0, compression method, data. iTXt: keyword, 0, compressed flag, method, language, 0, translated keyword, 0, text.
        var keywordEnd = body.IndexOf((byte)0);
        if (keywordEnd < 0)
        {
            return default;
        }

        switch (name)
        {
            case "zTXt" or "iCCP" when keywordEnd + 2 <= body.Length:
                return body[(keywordEnd + 2)..];
            case "iTXt" when keywordEnd + 3 <= body.Length && body[keywordEnd + 1] == 1:
                var rest = body[(keywordEnd + 3)..];
                var languageEnd = rest.IndexOf((byte)0);
                if (languageEnd < 0)
                {
                    return default;
                }

                rest = rest[(languageEnd + 1)..];
                var translatedEnd = rest.IndexOf((byte)0);
                return translatedEnd < 0 ? default : rest[(translatedEnd + 1)..];
            default:
                return default;
        }
    }

    /// <summary>The bytes the zlib data inflates to, or null past <paramref name="limit"/>; corrupt data counts what came out of it.</summary>
    private static unsafe long? InflatedBytes(ReadOnlySpan<byte> compressed, long limit)
    {
        if (compressed.IsEmpty)
        {
            return 0;
        }

        fixed (byte* start = compressed)
        {
            using var input = new UnmanagedMemoryStream(start, compressed.Length);
            long total = 0;
            try
            {
                using var inflater = new ZLibStream(input, CompressionMode.Decompress);
                Span<byte> buffer = stackalloc byte[8192];
                int read;
                while ((read = inflater.Read(buffer)) > 0)
                {
                    total += read;
                    if (total > limit)
                    {
                        return null;
                    }
                }

                return total;
            }
            catch (Exception error) when (error is InvalidDataException or IOException)
            {
                // Corrupt metadata, or zlib data that asks for a preset dictionary (ZLibException, an IOException):
                // decoders skip it, it costs nothing more.
                return total;
            }
        }
    }

    private static bool IsChunkName(ReadOnlySpan<byte> type)
    {
        foreach (var letter in type)
        {
            if (letter is not ((>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z')))
            {
                return false;
            }
        }

        return true;
    }

    private static string Printable(ReadOnlySpan<byte> type) => Convert.ToHexString(type);
}
