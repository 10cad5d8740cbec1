using System.Buffers.Binary;
using OpenCvSharp;
using Vision.Domain.Triage;
using Vision.Pipeline.Triage.Quality;

namespace Vision.Pipeline.Triage.Duplicates;

/// <summary>
/// A photo's perceptual fingerprint: pHashes of the whole photo and of its central 90 % and 80 % (by side). Two photos
/// are compared whole-to-any in both directions, so a copy cropped by up to about a tenth on each side still meets the
/// original's matching central hash, while re-encoding and resizing barely move any hash. Stored as 25 bytes
/// (version 1, then the three hashes little-endian) in <see cref="IndexedReportPhoto.Fingerprint"/>.
/// </summary>
public readonly record struct PhotoFingerprint(ulong Whole, ulong Centre90, ulong Centre80)
{
    public const byte Version = 1;
    public const int ByteLength = 25;
    private const int GreyLongSide = 512;

    public static PhotoFingerprint Of(Mat bgr)
    {
        using var grey = PhotoQualityMeter.NormalizedGrey(bgr, GreyLongSide);
        return new PhotoFingerprint(PerceptualHash.Of(grey), CentralHash(grey, 0.9), CentralHash(grey, 0.8));
    }

    /// <summary>The fewest differing bits between one photo's whole hash and any hash of the other, either way round.</summary>
    public int DistanceTo(PhotoFingerprint other) => Math.Min(
        Math.Min(PerceptualHash.Distance(Whole, other.Whole), Math.Min(PerceptualHash.Distance(Whole, other.Centre90), PerceptualHash.Distance(Whole, other.Centre80))),
        Math.Min(PerceptualHash.Distance(Centre90, other.Whole), PerceptualHash.Distance(Centre80, other.Whole)));

    public byte[] ToBytes()
    {
        var bytes = new byte[ByteLength];
        bytes[0] = Version;
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(1), Whole);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(9), Centre90);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(17), Centre80);
        return bytes;
    }

    /// <summary>Reads a stored fingerprint; false for another version or length (such entries are skipped, not compared).</summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, out PhotoFingerprint fingerprint)
    {
        fingerprint = default;
        if (bytes.Length != ByteLength || bytes[0] != Version)
        {
            return false;
        }

        fingerprint = new PhotoFingerprint(
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[1..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[9..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[17..]));
        return true;
    }

    private static ulong CentralHash(Mat grey, double fraction)
    {
        var width = (int)Math.Round(grey.Width * fraction);
        var height = (int)Math.Round(grey.Height * fraction);
        using var centre = new Mat(grey, new Rect((grey.Width - width) / 2, (grey.Height - height) / 2, width, height));
        return PerceptualHash.Of(centre);
    }
}
