using System.ComponentModel.DataAnnotations;

namespace Vision.Pipeline.Triage.Exif;

/// <summary>
/// Bounds on the metadata of a photo from outside (bound from <c>Vision:Triage:Exif</c>). A phone photo has about ten
/// metadata segments (APP0, EXIF, XMP, a few ICC chunks) and fewer than a hundred entries per directory; these limits
/// leave a wide margin while capping the work any file can ask for.
/// </summary>
public sealed class ExifLimits
{
    [Range(1, 10_000)]
    public int MaxMetadataSegments { get; set; } = 64;

    /// <summary>All APPn and COM segments together (ICC profiles of a few hundred kB are normal).</summary>
    [Range(1, int.MaxValue)]
    public int MaxMetadataBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Directories followed in one EXIF block (IFD0, EXIF, GPS, IFD1, interoperability).</summary>
    [Range(1, 64)]
    public int MaxDirectories { get; set; } = 8;

    [Range(1, 5_000)]
    public int MaxEntriesPerDirectory { get; set; } = 1_000;
}
