using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Vision.Domain.Violations;
using Vision.Evidence.Verification;
using Vision.Evidence.Files;
using Vision.Pipeline.Evidence;

namespace Vision.Service.Web.Review;

/// <summary>
/// The full check of each evidence package (signature and every file hashed), remembered per package with the
/// manifest hash recorded for the violation and a fingerprint of the package as it lies on disk (every entry's name and
/// kind, each file's size, modification time and change stamp, the folders' too): the violation page verifies a
/// package again only when the record or the package changed, not on every render. At most
/// <see cref="DefaultMaxRemembered"/> packages are remembered, each by its fingerprint's hash: packages retention
/// deleted are never asked about again, and their verdicts grew the service's memory with every violation opened.
/// </summary>
public sealed class EvidenceVerdicts(IEvidenceStore evidenceStore, TrustedKeys trustedKeys, int maxRemembered = EvidenceVerdicts.DefaultMaxRemembered)
{
    public const int DefaultMaxRemembered = 20_000;

    private readonly ConcurrentDictionary<string, Verdict> _verdicts = new(StringComparer.Ordinal);
    private long _fullChecks;

    /// <summary>How many packages' verdicts are remembered.</summary>
    public int Remembered => _verdicts.Count;

    /// <summary>How many times a package was checked in full (every file hashed), for the tests and diagnostics.</summary>
    public long FullChecks => Interlocked.Read(ref _fullChecks);

    /// <summary>What is wrong with the package (empty when it verifies), or null when it is not in the store.</summary>
    public IReadOnlyList<string>? Problems(EvidenceReference reference)
    {
        if (evidenceStore.Locate(reference.PackageId) is not { } folder)
        {
            _verdicts.TryRemove(reference.PackageId, out _);
            return null;
        }

        var fingerprint = Fingerprint(folder);
        if (_verdicts.TryGetValue(reference.PackageId, out var known) && known.ManifestSha256 == reference.ManifestSha256 && known.Fingerprint == fingerprint)
        {
            return known.Problems;
        }

        Interlocked.Increment(ref _fullChecks);
        var problems = PackageVerifier.Verify(folder, trustedKeys, reference.PackageId).Problems.Select(problem => problem.Description).ToList();
        // Fingerprinted before the check: a change while it ran makes the next render check again.
        if (_verdicts.Count >= maxRemembered && !_verdicts.ContainsKey(reference.PackageId))
        {
            // Forgetting them all costs a new check of the packages still opened; tracking use would cost every render.
            _verdicts.Clear();
        }

        _verdicts[reference.PackageId] = new Verdict(reference.ManifestSha256, fingerprint, problems);
        return problems;
    }

    /// <summary>The SHA-256 of every entry's name, kind, size and stamps (the text of a package's entries is kilobytes).</summary>
    private static string Fingerprint(string folder)
    {
        var text = new StringBuilder().Append(Stamp(new DirectoryInfo(folder)));
        foreach (var (name, kind) in PlainFiles.Walk(folder))
        {
            var path = Path.Join(folder, name);
            text.Append('\n').Append(name).Append(' ').Append(kind).Append(' ');
            switch (kind)
            {
                case FileKind.RegularFile:
                    var file = new FileInfo(path);
                    text.Append(file.Length.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(Stamp(file));
                    break;
                case FileKind.Directory:
                    text.Append(Stamp(new DirectoryInfo(path)));
                    break;
            }
        }

        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    // The change stamp too: a file rewritten with bytes of the same length and its modification time set back is still seen.
    private static string Stamp(FileSystemInfo entry) =>
        entry.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture) + " " + PlainFiles.ChangeStamp(entry.FullName);

    private sealed record Verdict(string ManifestSha256, string Fingerprint, IReadOnlyList<string> Problems);
}
