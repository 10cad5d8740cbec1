namespace Vision.Evidence.Verification;

/// <summary>One thing wrong with a package, precise enough for an officer: which file, what was expected, what was found.</summary>
/// <param name="File">The file concerned (package-relative), or null for the package as a whole.</param>
/// <param name="Expected">What the manifest (or the trusted key) says: a SHA-256 and size, or a key id.</param>
/// <param name="Actual">What was found.</param>
public sealed record VerificationProblem(VerificationProblemKind Kind, string? File, string? Expected, string? Actual, string Description)
{
    public override string ToString() => Description;
}
