namespace Vision.Evidence.Verification;

public enum VerificationProblemKind
{
    /// <summary>The package folder does not exist.</summary>
    PackageMissing,

    /// <summary>manifest.json is absent.</summary>
    ManifestMissing,

    /// <summary>manifest.sig is absent.</summary>
    SignatureMissing,

    /// <summary>The manifest is signed with a key id other than the trusted key's.</summary>
    SignedByOtherKey,

    /// <summary>The signature does not match the manifest bytes: the manifest was edited or the signature altered.</summary>
    SignatureInvalid,

    /// <summary>manifest.json is not a readable manifest (so no file can be checked).</summary>
    ManifestUnreadable,

    /// <summary>A listed file is absent.</summary>
    FileMissing,

    /// <summary>A listed file's content differs from its recorded SHA-256 or size.</summary>
    FileChanged,

    /// <summary>A file is in the package folder but not in the manifest.</summary>
    UnexpectedFile,

    /// <summary>A genuine package stored under another package's id (swapped folders).</summary>
    WrongPackage,

    /// <summary>A file or folder of the package cannot be read (permissions, I/O error): what it holds cannot be checked.</summary>
    Unreadable,
}
