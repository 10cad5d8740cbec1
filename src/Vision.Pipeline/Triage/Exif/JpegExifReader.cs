using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Vision.Domain.Geography;

namespace Vision.Pipeline.Triage.Exif;

/// <summary>
/// Reads orientation, capture time and GPS position from a JPEG's EXIF block, and refuses EXIF bombs before any other
/// parser sees the file: it walks the JPEG segments up to the first scan counting metadata segments and bytes, then
/// follows at most <see cref="ExifLimits.MaxDirectories"/> directories of the TIFF structure, each at most once, and
/// checks every entry's count and offset against the block before reading it (refusing the photo when a value it reads
/// lies outside; one it does not read is skipped). The work is bounded by the limits (a few
/// thousand entries at most), so no time-out is needed. Formats other than JPEG carry no EXIF Vision reads.
/// </summary>
public sealed class JpegExifReader
{
    private const ushort OrientationTag = 0x0112;
    private const ushort ExifDirectoryTag = 0x8769;
    private const ushort GpsDirectoryTag = 0x8825;
    private const ushort DateTimeOriginalTag = 0x9003;
    private const ushort OffsetTimeOriginalTag = 0x9011;
    private const ushort GpsLatitudeRefTag = 1;
    private const ushort GpsLatitudeTag = 2;
    private const ushort GpsLongitudeRefTag = 3;
    private const ushort GpsLongitudeTag = 4;

    private static readonly byte[] ExifSignature = "Exif\0\0"u8.ToArray();

    private readonly ExifLimits _limits;
    private readonly TimeSpan _assumedCaptureOffset;

    /// <param name="limits">Bounds on the metadata.</param>
    /// <param name="assumedCaptureOffset">UTC offset of a capture time written without OffsetTimeOriginal (Huế: +07:00).</param>
    public JpegExifReader(ExifLimits limits, TimeSpan assumedCaptureOffset)
    {
        _limits = limits;
        _assumedCaptureOffset = assumedCaptureOffset;
    }

    private enum DirectoryKind
    {
        Primary,
        Exif,
        Gps,
        Other,
    }

    public ExifReadResult Read(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length < 4 || encoded[0] != 0xFF || encoded[1] != 0xD8)
        {
            return new ExifReadResult(ExifFacts.None, null);
        }

        var walk = FindExifBlock(encoded, out var exifStart, out var exifLength);
        if (walk is not null)
        {
            return walk.Value;
        }

        return exifLength == 0
            ? new ExifReadResult(ExifFacts.None, null)
            : ReadTiff(encoded.Slice(exifStart, exifLength));
    }

    private ExifReadResult? FindExifBlock(ReadOnlySpan<byte> encoded, out int exifStart, out int exifLength)
    {
        exifStart = 0;
        exifLength = 0;
        var segments = 0;
        long metadataBytes = 0;
        var position = 2;
        while (position + 4 <= encoded.Length && encoded[position] == 0xFF)
        {
            var marker = encoded[position + 1];
            if (marker == 0xFF)
            {
                position++;
                continue;
            }

            if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7))
            {
                position += 2;
                continue;
            }

            if (marker is 0xDA or 0xD9)
            {
                break;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(encoded[(position + 2)..]);
            if (length < 2 || position + 2 + length > encoded.Length)
            {
                // A broken length is the decoder's to report (corrupt header or truncated file); metadata reading stops here.
                break;
            }

            if (marker is (>= 0xE0 and <= 0xEF) or 0xFE)
            {
                segments++;
                metadataBytes += length;
                if (segments > _limits.MaxMetadataSegments)
                {
                    return ExifReadResult.Refused(ExifRejectionReason.TooManyMetadataSegments,
                        $"The JPEG has more than {_limits.MaxMetadataSegments} metadata segments (APPn/COM); cameras write about ten.");
                }

                if (metadataBytes > _limits.MaxMetadataBytes)
                {
                    return ExifReadResult.Refused(ExifRejectionReason.MetadataTooLarge,
                        $"The JPEG's metadata segments exceed {_limits.MaxMetadataBytes} bytes in all.");
                }

                var payload = encoded.Slice(position + 4, length - 2);
                if (marker == 0xE1 && exifLength == 0 && payload.StartsWith(ExifSignature))
                {
                    exifStart = position + 4 + ExifSignature.Length;
                    exifLength = payload.Length - ExifSignature.Length;
                }
            }

            position += 2 + length;
        }

        return null;
    }

    private ExifReadResult ReadTiff(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8)
        {
            return Malformed("the EXIF block is shorter than a TIFF header");
        }

        bool littleEndian;
        if (tiff[0] == (byte)'I' && tiff[1] == (byte)'I')
        {
            littleEndian = true;
        }
        else if (tiff[0] == (byte)'M' && tiff[1] == (byte)'M')
        {
            littleEndian = false;
        }
        else
        {
            return Malformed("the TIFF header names no byte order (II or MM)");
        }

        var block = new TiffBlock(tiff, littleEndian);
        if (block.UInt16(2) != 42)
        {
            return Malformed("the TIFF header lacks the magic number 42");
        }

        var facts = new FactsBuilder();
        var visited = new HashSet<uint>();
        var pending = new Queue<(uint Offset, DirectoryKind Kind)>();
        pending.Enqueue((block.UInt32(4), DirectoryKind.Primary));
        while (pending.Count > 0)
        {
            var (offset, kind) = pending.Dequeue();
            if (!visited.Add(offset))
            {
                return ExifReadResult.Refused(ExifRejectionReason.DirectoryLoop,
                    $"An EXIF directory at offset {offset} is reached twice (a loop in the directory chain).");
            }

            if (visited.Count > _limits.MaxDirectories)
            {
                return ExifReadResult.Refused(ExifRejectionReason.TooManyEntries,
                    $"The EXIF block chains more than {_limits.MaxDirectories} directories.");
            }

            var rejection = ReadDirectory(block, offset, kind, facts, pending);
            if (rejection is not null)
            {
                return rejection.Value;
            }
        }

        return new ExifReadResult(facts.Build(_assumedCaptureOffset), null);
    }

    private ExifReadResult? ReadDirectory(TiffBlock block, uint offset, DirectoryKind kind, FactsBuilder facts,
        Queue<(uint Offset, DirectoryKind Kind)> pending)
    {
        if ((long)offset + 2 > block.Length)
        {
            return OutOfBounds($"An EXIF directory offset ({offset}) points outside the {block.Length}-byte EXIF block.");
        }

        var entries = block.UInt16((int)offset);
        if (entries > _limits.MaxEntriesPerDirectory)
        {
            return ExifReadResult.Refused(ExifRejectionReason.TooManyEntries,
                $"An EXIF directory claims {entries} entries; the limit is {_limits.MaxEntriesPerDirectory}.");
        }

        var end = (long)offset + 2 + 12L * entries;
        if (end > block.Length)
        {
            return OutOfBounds($"An EXIF directory of {entries} entries at offset {offset} runs past the {block.Length}-byte EXIF block.");
        }

        for (var index = 0; index < entries; index++)
        {
            var entry = (int)offset + 2 + 12 * index;
            var tag = block.UInt16(entry);
            var type = block.UInt16(entry + 2);
            var count = block.UInt32(entry + 4);
            var typeSize = TypeSize(type);
            if (typeSize == 0)
            {
                continue;
            }

            var size = typeSize * (long)count;
            long valueOffset = size <= 4 ? entry + 8 : block.UInt32(entry + 8);
            if (valueOffset + size > block.Length)
            {
                if (!IsRead(kind, tag))
                {
                    // A value Vision never reads (a maker note an edit cut off): nothing is read from it, so it can do no harm.
                    continue;
                }

                return OutOfBounds($"EXIF tag 0x{tag:X4} claims {count} values ({size} bytes) at offset {valueOffset}, " +
                                   $"outside the {block.Length}-byte EXIF block.");
            }

            var value = new EntryValue(block, type, (int)count, (int)valueOffset);
            ReadEntry(kind, tag, value, facts, pending);
        }

        // Only the primary directory's next pointer names a directory (the thumbnail's); writers leave value data or
        // garbage after the EXIF and GPS directories, and repeat the thumbnail's offset there. A pointer outside the block
        // is ignored too; one inside is followed, so a loop is caught.
        if (kind == DirectoryKind.Primary && end + 4 <= block.Length)
        {
            var next = block.UInt32((int)end);
            if (next != 0 && next + 2L <= block.Length)
            {
                pending.Enqueue((next, DirectoryKind.Other));
            }
        }

        return null;
    }

    private static void ReadEntry(DirectoryKind kind, ushort tag, EntryValue value, FactsBuilder facts, Queue<(uint Offset, DirectoryKind Kind)> pending)
    {
        switch (kind, tag)
        {
            case (DirectoryKind.Primary, OrientationTag) when value.Count >= 1:
                facts.Orientation = value.Type == 3 ? value.UInt16At(0) : (ushort?)null;
                break;
            case (DirectoryKind.Primary, ExifDirectoryTag) when value.Count >= 1 && value.Type is 4 or 13:
                pending.Enqueue((value.UInt32At(0), DirectoryKind.Exif));
                break;
            case (DirectoryKind.Primary, GpsDirectoryTag) when value.Count >= 1 && value.Type is 4 or 13:
                pending.Enqueue((value.UInt32At(0), DirectoryKind.Gps));
                break;
            case (DirectoryKind.Exif, DateTimeOriginalTag) when value.Type == 2:
                facts.DateTimeOriginal = value.Ascii();
                break;
            case (DirectoryKind.Exif, OffsetTimeOriginalTag) when value.Type == 2:
                facts.OffsetTimeOriginal = value.Ascii();
                break;
            case (DirectoryKind.Gps, GpsLatitudeRefTag) when value.Type == 2:
                facts.LatitudeRef = value.Ascii();
                break;
            case (DirectoryKind.Gps, GpsLongitudeRefTag) when value.Type == 2:
                facts.LongitudeRef = value.Ascii();
                break;
            case (DirectoryKind.Gps, GpsLatitudeTag) when value.Type == 5 && value.Count == 3:
                facts.Latitude = value.Degrees();
                break;
            case (DirectoryKind.Gps, GpsLongitudeTag) when value.Type == 5 && value.Count == 3:
                facts.Longitude = value.Degrees();
                break;
        }
    }

    /// <summary>Whether <see cref="ReadEntry"/> reads this tag of this directory.</summary>
    private static bool IsRead(DirectoryKind kind, ushort tag) => (kind, tag) switch
    {
        (DirectoryKind.Primary, OrientationTag or ExifDirectoryTag or GpsDirectoryTag) => true,
        (DirectoryKind.Exif, DateTimeOriginalTag or OffsetTimeOriginalTag) => true,
        (DirectoryKind.Gps, GpsLatitudeRefTag or GpsLatitudeTag or GpsLongitudeRefTag or GpsLongitudeTag) => true,
        _ => false,
    };

    /// <summary>Bytes per value of each TIFF type; 0 for types the reader skips.</summary>
    private static int TypeSize(ushort type) => type switch
    {
        1 or 2 or 6 or 7 => 1,
        3 or 8 => 2,
        4 or 9 or 11 or 13 => 4,
        5 or 10 or 12 => 8,
        _ => 0,
    };

    private static ExifReadResult Malformed(string detail) =>
        ExifReadResult.Refused(ExifRejectionReason.Malformed, $"The EXIF metadata is malformed: {detail}.");

    private static ExifReadResult OutOfBounds(string message) => ExifReadResult.Refused(ExifRejectionReason.ValueOutOfBounds, message);

    private readonly ref struct TiffBlock(ReadOnlySpan<byte> bytes, bool littleEndian)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;

        public int Length => _bytes.Length;

        public ReadOnlySpan<byte> Slice(int start, int length) => _bytes.Slice(start, length);

        public ushort UInt16(int offset) => littleEndian
            ? BinaryPrimitives.ReadUInt16LittleEndian(_bytes[offset..])
            : BinaryPrimitives.ReadUInt16BigEndian(_bytes[offset..]);

        public uint UInt32(int offset) => littleEndian
            ? BinaryPrimitives.ReadUInt32LittleEndian(_bytes[offset..])
            : BinaryPrimitives.ReadUInt32BigEndian(_bytes[offset..]);
    }

    /// <summary>One entry's values, already checked to lie inside the block.</summary>
    private readonly ref struct EntryValue(TiffBlock block, ushort type, int count, int offset)
    {
        private readonly TiffBlock _block = block;

        public ushort Type { get; } = type;

        public int Count { get; } = count;

        public ushort UInt16At(int index) => _block.UInt16(offset + 2 * index);

        public uint UInt32At(int index) => _block.UInt32(offset + 4 * index);

        public string Ascii()
        {
            var text = _block.Slice(offset, Count);
            var terminator = text.IndexOf((byte)0);
            return Encoding.ASCII.GetString(terminator >= 0 ? text[..terminator] : text).Trim();
        }

        /// <summary>Degrees, minutes, seconds as three rationals; null when a denominator is zero.</summary>
        public double? Degrees()
        {
            var total = 0.0;
            for (var part = 0; part < 3; part++)
            {
                var numerator = _block.UInt32(offset + 8 * part);
                var denominator = _block.UInt32(offset + 8 * part + 4);
                if (denominator == 0)
                {
                    return null;
                }

                total += (double)numerator / denominator / Math.Pow(60, part);
            }

            return total;
        }
    }

    private sealed class FactsBuilder
    {
        public ushort? Orientation { get; set; }

        public string? DateTimeOriginal { get; set; }

        public string? OffsetTimeOriginal { get; set; }

        public string? LatitudeRef { get; set; }

        public string? LongitudeRef { get; set; }

        public double? Latitude { get; set; }

        public double? Longitude { get; set; }

        public ExifFacts Build(TimeSpan assumedOffset)
        {
            var offsetKnown = TryParseOffset(OffsetTimeOriginal, out var offset);
            var zone = offsetKnown ? offset : assumedOffset;
            // A date at the very ends of the calendar (0001-01-01 east of UTC, 9999-12-31 west of it) has no UTC instant: no capture time.
            DateTimeOffset? capturedAt = DateTime.TryParseExact(DateTimeOriginal, "yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var local) && local.Ticks - zone.Ticks >= DateTime.MinValue.Ticks && local.Ticks - zone.Ticks <= DateTime.MaxValue.Ticks
                ? new DateTimeOffset(local, zone)
                : null;
            return new ExifFacts(true, Orientation is >= 1 and <= 8 ? Orientation : null, capturedAt, capturedAt is not null && offsetKnown, Position());
        }

        private GeoPosition? Position()
        {
            if (Latitude is not { } latitude || Longitude is not { } longitude || (latitude == 0 && longitude == 0))
            {
                return null;
            }

            var position = new GeoPosition(LatitudeRef == "S" ? -latitude : latitude, LongitudeRef == "W" ? -longitude : longitude);
            return position.IsValid ? position : null;
        }

        private static bool TryParseOffset(string? text, out TimeSpan offset)
        {
            offset = TimeSpan.Zero;
            if (text is not { Length: 6 } || (text[0] != '+' && text[0] != '-'))
            {
                return false;
            }

            if (!TimeSpan.TryParseExact(text[1..], @"hh\:mm", CultureInfo.InvariantCulture, out var magnitude) || magnitude > TimeSpan.FromHours(14))
            {
                return false;
            }

            offset = text[0] == '-' ? -magnitude : magnitude;
            return true;
        }
    }
}
