using System.Buffers.Binary;

namespace Vision.Pipeline.Imaging.Formats;

/// <summary>
/// Reads a Windows bitmap's file and info headers: known header sizes, one plane, a supported bit depth and
/// compression, a pixel offset inside the file, and for uncompressed bitmaps every row present.
/// </summary>
internal static class BmpStructure
{
    public const string Format = "BMP";

    private const int FileHeaderBytes = 14;

    public static bool HasSignature(ReadOnlySpan<byte> data) => data.Length >= 2 && data[0] == (byte)'B' && data[1] == (byte)'M';

    public static ImageRejection? Read(ReadOnlySpan<byte> data, ImageLimits limits, out ImageHeader? header)
    {
        header = null;
        if (data.Length < FileHeaderBytes + 12)
        {
            return ImageProblem.Truncated(Format, null, "the headers are incomplete");
        }

        var pixelOffset = BinaryPrimitives.ReadUInt32LittleEndian(data[10..]);
        var infoSize = BinaryPrimitives.ReadUInt32LittleEndian(data[FileHeaderBytes..]);
        if (infoSize is not (12 or 40 or 52 or 56 or 108 or 124))
        {
            return ImageProblem.Corrupt(Format, null, $"an info header of {infoSize} bytes");
        }

        if (data.Length < FileHeaderBytes + infoSize)
        {
            return ImageProblem.Truncated(Format, null, "the info header is incomplete");
        }

        var info = data.Slice(FileHeaderBytes, (int)infoSize);
        long width, height;
        int planes, bitsPerPixel;
        uint compression = 0;
        uint compressedBytes = 0;
        if (infoSize == 12)
        {
            // The core header's sizes are unsigned, as decoders read them: 0xFFC0 rows is 65 472, not a top-down 64.
            width = BinaryPrimitives.ReadUInt16LittleEndian(info[4..]);
            height = BinaryPrimitives.ReadUInt16LittleEndian(info[6..]);
            planes = BinaryPrimitives.ReadUInt16LittleEndian(info[8..]);
            bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(info[10..]);
        }
        else
        {
            width = BinaryPrimitives.ReadInt32LittleEndian(info[4..]);
            height = BinaryPrimitives.ReadInt32LittleEndian(info[8..]);
            planes = BinaryPrimitives.ReadUInt16LittleEndian(info[12..]);
            bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(info[14..]);
            compression = BinaryPrimitives.ReadUInt32LittleEndian(info[16..]);
            compressedBytes = BinaryPrimitives.ReadUInt32LittleEndian(info[20..]);
        }

        // A negative height (in the larger headers) means rows run top-down.
        height = Math.Abs(height);
        if (width <= 0 || height == 0 || planes != 1 || bitsPerPixel is not (1 or 4 or 8 or 16 or 24 or 32))
        {
            return ImageProblem.Corrupt(Format, null, $"the size {width}×{height}, {planes} planes and {bitsPerPixel} bits a pixel");
        }

        var compressionFits = compression switch
        {
            0 => true,
            1 => bitsPerPixel == 8,
            2 => bitsPerPixel == 4,
            3 or 6 => bitsPerPixel is 16 or 32,
            _ => false,
        };
        if (!compressionFits)
        {
            return ImageProblem.Unsupported($"A bitmap with compression {compression} at {bitsPerPixel} bits a pixel");
        }

        if (width > int.MaxValue || height > int.MaxValue)
        {
            return new(ImageRejectionReason.DimensionsTooLarge, $"The image header claims {width}×{height} pixels.");
        }

        header = new ImageHeader(Format, (int)width, (int)height);
        if (ImageLimitCheck.Check(header, data.Length, limits) is { } overLimit)
        {
            return overLimit;
        }

        if (pixelOffset < FileHeaderBytes + infoSize || pixelOffset >= data.Length)
        {
            return ImageProblem.Truncated(Format, header, $"the pixels are said to start at byte {pixelOffset}");
        }

        if (compression is 0 or 3 or 6)
        {
            var rowBytes = (width * bitsPerPixel + 31) / 32 * 4;
            var pixelBytes = rowBytes * height;
            if (pixelOffset + pixelBytes > data.Length)
            {
                return ImageProblem.Truncated(Format, header, $"{pixelBytes} bytes of pixels from byte {pixelOffset}");
            }

            var trailing = data.Length - (pixelOffset + pixelBytes);
            if (trailing > limits.MaxTrailingBytes)
            {
                return ImageProblem.TrailingData(Format, header, trailing, limits.MaxTrailingBytes);
            }

            return null;
        }

        // Run-length coded: the pixels per byte of the coded pixels the header declares, not of the file (a few hundred
        // bytes of runs padded with trailing bytes claimed 49 MP), and nothing much after them.
        if (compressedBytes == 0 || pixelOffset + compressedBytes > data.Length)
        {
            return ImageProblem.Truncated(Format, header, $"a run-length bitmap declaring {compressedBytes} bytes of pixels from byte {pixelOffset}");
        }

        if (ImageLimitCheck.Check(header, compressedBytes, limits) is { } tooDense)
        {
            return tooDense;
        }

        var afterRuns = data.Length - (pixelOffset + compressedBytes);
        return afterRuns > limits.MaxTrailingBytes ? ImageProblem.TrailingData(Format, header, afterRuns, limits.MaxTrailingBytes) : null;
    }
}
