namespace Vision.Pipeline.Triage.Exif;

/// <summary>Why a photo's metadata was refused before any decoder read it (EXIF bombs and broken structures).</summary>
public enum ExifRejectionReason
{
    /// <summary>More APPn/COM segments than a camera writes.</summary>
    TooManyMetadataSegments,

    /// <summary>The metadata segments together are larger than the limit.</summary>
    MetadataTooLarge,

    /// <summary>An image file directory points back to one already read (a loop).</summary>
    DirectoryLoop,

    /// <summary>More directories, or more entries in one directory, than the limit.</summary>
    TooManyEntries,

    /// <summary>An entry's count or offset reaches outside the EXIF block (giant counts).</summary>
    ValueOutOfBounds,

    /// <summary>The JPEG segments or the TIFF header inside the EXIF block are malformed.</summary>
    Malformed,
}
