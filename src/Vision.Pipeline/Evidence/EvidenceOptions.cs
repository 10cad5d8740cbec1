using System.ComponentModel.DataAnnotations;

namespace Vision.Pipeline.Evidence;

/// <summary>Evidence packages: where they are stored and signed, what they hold, how long they are kept (<c>Vision:Evidence</c>).</summary>
public sealed class EvidenceOptions
{
    /// <summary>The local evidence store's root folder (a relative path is resolved against the working directory; the full path is logged at start-up).</summary>
    [Required]
    public string StoreDirectory { get; set; } = "data/evidence";

    /// <summary>The ECDSA P-256 private key (PKCS#8 PEM); generated here with mode 0600 on first start when absent.</summary>
    [Required]
    public string SigningKeyPath { get; set; } = "data/evidence-signing-key.pem";

    /// <summary>Public keys (PEM files, as <c>vision public-key</c> writes them) of signing keys this one replaced:
    /// packages they signed still verify. Add the old key's file here when <see cref="SigningKeyPath"/> changes.</summary>
    public string[] RetiredPublicKeyPaths { get; set; } = [];

    /// <summary>How long packages are kept after capture (75 days, as Hanoi keeps camera images); held packages are kept until released.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(75);

    /// <summary>How often expired packages are swept.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Video kept before the violation frame in the clip.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ClipBefore { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Video kept after the violation frame; the package is built once the camera has processed this far.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ClipAfter { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Where the "before" and "after" key frames are taken when the rule named none: this far from the violation frame.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30")]
    public TimeSpan KeyFrameSpacing { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait (service clock) for the frames after a violation; a camera that stops sooner gets a package from what it had.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan MaxWaitForFrames { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Longest one package may take to build; past it the violation is recorded without evidence.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan BuildTimeout { get; set; } = TimeSpan.FromSeconds(60);

    [Range(50, 100)]
    public int OverviewJpegQuality { get; set; } = 92;

    /// <summary>Local time for manifests and annotations: Huế, Asia/Ho_Chi_Minh, UTC+07:00 all year.</summary>
    [Range(typeof(TimeSpan), "-14:00:00", "14:00:00")]
    public TimeSpan LocalUtcOffset { get; set; } = TimeSpan.FromHours(7);

    /// <summary>Also write a privacy-redacted copy of the images (faces, other vehicles' plates blurred) for use outside the police.</summary>
    public bool WriteRedactedCopy { get; set; } = true;

    /// <summary>Also redact the clip (faces, and where other vehicles' plates can be, in every frame); costs a face and a vehicle detection per clip frame.</summary>
    public bool RedactClip { get; set; } = true;
}
