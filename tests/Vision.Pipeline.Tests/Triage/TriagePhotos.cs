using System.Buffers.Binary;
using OpenCvSharp;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using Vision.Domain.Geography;
using Vision.Pipeline.Triage;

namespace Vision.Pipeline.Tests.Triage;

/// <summary>Test copies of the sample photos: EXIF written with ImageSharp, altered copies, and crafted metadata bombs.</summary>
public static class TriagePhotos
{
    /// <summary>When the test reports are made: 2026-11-28 15:00 in Huế.</summary>
    public static DateTimeOffset ReportedAt { get; } = new(2026, 11, 28, 15, 0, 0, TimeSpan.FromHours(7));

    /// <summary>Đông Ba market, Huế.</summary>
    public static GeoPosition DongBaMarket { get; } = new(16.4731, 107.5880);

    /// <summary>The sample re-encoded with EXIF: capture time (local, with or without an offset), GPS position, orientation.</summary>
    public static byte[] WithExif(byte[] jpeg, DateTime? takenLocal = null, string? offset = null, GeoPosition? position = null, ushort? orientation = null)
    {
        using var image = Image.Load<Rgb24>(jpeg);
        var profile = new ExifProfile();
        if (takenLocal is { } taken)
        {
            profile.SetValue(ExifTag.DateTimeOriginal, taken.ToString("yyyy:MM:dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
        }

        if (offset is not null)
        {
            profile.SetValue(ExifTag.OffsetTimeOriginal, offset);
        }

        if (position is { } at)
        {
            profile.SetValue(ExifTag.GPSLatitudeRef, at.Latitude >= 0 ? "N" : "S");
            profile.SetValue(ExifTag.GPSLatitude, Degrees(Math.Abs(at.Latitude)));
            profile.SetValue(ExifTag.GPSLongitudeRef, at.Longitude >= 0 ? "E" : "W");
            profile.SetValue(ExifTag.GPSLongitude, Degrees(Math.Abs(at.Longitude)));
        }

        if (orientation is { } turn)
        {
            profile.SetValue(ExifTag.Orientation, turn);
        }

        image.Metadata.ExifProfile = profile;
        using var output = new MemoryStream();
        image.SaveAsJpeg(output, new JpegEncoder { Quality = 92 });
        return output.ToArray();
    }

    /// <summary>What a re-posted copy looks like: cropped by a few per cent on each side, shrunk to 60 % and saved at JPEG quality 55.</summary>
    public static byte[] RepostedCopy(byte[] jpeg)
    {
        using var original = Cv2.ImDecode(jpeg, ImreadModes.Color);
        var crop = new Rect((int)(original.Width * 0.04), (int)(original.Height * 0.03),
            (int)(original.Width * 0.93), (int)(original.Height * 0.94));
        using var cropped = new Mat(original, crop);
        using var shrunk = new Mat();
        Cv2.Resize(cropped, shrunk, new OpenCvSharp.Size((int)(cropped.Width * 0.6), (int)(cropped.Height * 0.6)), 0, 0, InterpolationFlags.Area);
        Cv2.ImEncode(".jpg", shrunk, out var bytes, new ImageEncodingParam(ImwriteFlags.JpegQuality, 55));
        return bytes;
    }

    public static byte[] Encode(Mat image, int quality = 92)
    {
        Cv2.ImEncode(".jpg", image, out var bytes, new ImageEncodingParam(ImwriteFlags.JpegQuality, quality));
        return bytes;
    }

    /// <summary>A real JPEG with an EXIF block whose first directory's next pointer points back at itself.</summary>
    public static byte[] ExifDirectoryLoop(byte[] jpeg) => InsertApp1(jpeg, Tiff(nextDirectory: 8, entryType: 3, entryCount: 1, entryValue: 1));

    /// <summary>A real JPEG whose EXIF orientation claims 2³¹ − 1 values (a giant count in a tag Vision reads).</summary>
    public static byte[] ExifGiantCount(byte[] jpeg) => InsertApp1(jpeg, Tiff(nextDirectory: 0, entryType: 3, entryCount: int.MaxValue, entryValue: 26));

    /// <summary>The capture time the quirky EXIF blocks of <see cref="WithQuirkyExif"/> hold (no offset).</summary>
    public const string QuirkyCaptureTime = "2026:12:07 08:15:00";

    /// <summary>
    /// A real JPEG whose EXIF, as some writers leave it, is harmless but untidy; each holds <see cref="QuirkyCaptureTime"/>:
    /// "no next pointer" (piexif: the EXIF directory is followed straight by its values, so the 4 bytes where a next
    /// pointer would be are an exposure time's numerator, 1), "shared next pointer" (the EXIF directory's next pointer
    /// repeats the thumbnail directory's offset, which the primary directory also names), "maker note outside" (a maker
    /// note whose offset points past the block, as after an edit that dropped it).
    /// </summary>
    public static byte[] WithQuirkyExif(byte[] jpeg, string quirk)
    {
        var tiff = new List<byte>();
        void U16(int value) => tiff.AddRange(BitConverter.GetBytes((ushort)value));
        void U32(long value) => tiff.AddRange(BitConverter.GetBytes((uint)value));
        void Entry(int tag, int type, long count, long value)
        {
            U16(tag);
            U16(type);
            U32(count);
            U32(value);
        }

        var date = System.Text.Encoding.ASCII.GetBytes(QuirkyCaptureTime + "\0");
        tiff.AddRange("II"u8.ToArray());
        U16(42);
        U32(8);
        // Primary directory at 8 (18 bytes), the EXIF directory at 26 with two entries (26 bytes, to 52).
        const int exifAt = 26;
        const int entriesEnd = exifAt + 2 + (2 * 12);
        var thumbnailAt = quirk == "shared next pointer" ? entriesEnd + 4 + 8 + date.Length : 0;
        U16(1);
        Entry(0x8769, 4, 1, exifAt);
        U32(thumbnailAt);
        U16(2);
        switch (quirk)
        {
            case "no next pointer":
                Entry(0x829A, 5, 1, entriesEnd); // exposure time 1/100, right where a next pointer would be
                Entry(0x9003, 2, date.Length, entriesEnd + 8);
                U32(1);
                U32(100);
                tiff.AddRange(date);
                break;
            case "shared next pointer":
                Entry(0x829A, 5, 1, entriesEnd + 4);
                Entry(0x9003, 2, date.Length, entriesEnd + 4 + 8);
                U32(thumbnailAt);
                U32(1);
                U32(100);
                tiff.AddRange(date);
                U16(1);
                Entry(0x0103, 3, 1, 6); // the thumbnail's compression: JPEG
                U32(0);
                break;
            case "maker note outside":
                Entry(0x9003, 2, date.Length, entriesEnd + 4);
                Entry(0x927C, 7, 5000, 40_000);
                U32(0);
                tiff.AddRange(date);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(quirk));
        }

        return InsertApp1(jpeg, [.. tiff]);
    }

    /// <summary>A real JPEG whose EXIF directory claims 60 000 entries.</summary>
    public static byte[] ExifManyEntries(byte[] jpeg)
    {
        var tiff = Tiff(nextDirectory: 0, entryType: 3, entryCount: 1, entryValue: 1);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(8), 60_000);
        return InsertApp1(jpeg, tiff);
    }

    /// <summary>A real JPEG with 5 000 small APP1 segments before its image data.</summary>
    public static byte[] ManyMetadataSegments(byte[] jpeg)
    {
        byte[] segment = [0xFF, 0xE1, 0x00, 0x12, .. "http://ns.adobe"u8.ToArray(), 0x00];
        return [.. jpeg[..2], .. Enumerable.Repeat(segment, 5_000).SelectMany(bytes => bytes), .. jpeg[2..]];
    }

    private static byte[] InsertApp1(byte[] jpeg, byte[] tiff)
    {
        byte[] payload = [.. "Exif\0\0"u8.ToArray(), .. tiff];
        var length = (ushort)(payload.Length + 2);
        return [.. jpeg[..2], 0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. payload, .. jpeg[2..]];
    }

    /// <summary>A little-endian TIFF header and one directory at offset 8 with one Make (0x010F) or Orientation entry.</summary>
    private static byte[] Tiff(uint nextDirectory, ushort entryType, int entryCount, uint entryValue)
    {
        var tiff = new byte[8 + 2 + 12 + 4 + 8];
        "II"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), 8);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(8), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(10), (ushort)(entryType == 3 ? 0x0112 : 0x010F));
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(12), entryType);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(14), (uint)entryCount);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(18), entryValue);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(22), nextDirectory);
        return tiff;
    }

    private static Rational[] Degrees(double value)
    {
        var degrees = Math.Floor(value);
        var minutes = Math.Floor((value - degrees) * 60);
        var seconds = ((value - degrees) * 60 - minutes) * 60;
        return [new Rational((uint)degrees, 1), new Rational((uint)minutes, 1), new Rational((uint)Math.Round(seconds * 1000), 1000)];
    }
}
