using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Vision.Domain.Violations;

namespace Vision.Pipeline.Evidence;

/// <summary>
/// Violations raised but not yet recorded (waiting for the frames after them, or for their package), one small file
/// each in <c>{store}/pending/</c>: written when the rule raises the violation, deleted once the store took it. What a
/// stopped process left here is recorded by the next one. Each entry is flushed to disk, then renamed into place and the
/// folder flushed, before <see cref="Add"/> returns: a power cut keeps it too. Removal is not flushed: an entry a power
/// cut brings back is recorded again, which the store ignores (recording is idempotent on the violation id).
/// </summary>
public sealed class PendingViolationJournal
{
    private const string Extension = ".json";
    private readonly string _folder;

    /// <param name="storeDirectory">The evidence store's root (<see cref="EvidenceOptions.StoreDirectory"/>).</param>
    public PendingViolationJournal(string storeDirectory)
    {
        _folder = Path.Combine(storeDirectory, "pending");
        Directory.CreateDirectory(_folder);
        var left = new List<ViolationCandidate>();
        foreach (var path in Directory.EnumerateFiles(_folder).Order(StringComparer.Ordinal))
        {
            if (!path.EndsWith(Extension, StringComparison.Ordinal))
            {
                File.Delete(path); // a write cut off before its rename
                continue;
            }

            if (TryRead(path) is { } candidate)
            {
                left.Add(candidate);
            }
            else
            {
                Unreadable++;
            }
        }

        LeftByEarlierRuns = left;
    }

    /// <summary>What earlier processes raised but never recorded, as found when this journal was opened (before any camera ran).</summary>
    public IReadOnlyList<ViolationCandidate> LeftByEarlierRuns { get; }

    /// <summary>Entries that could not be read back (kept in place for an operator).</summary>
    public int Unreadable { get; }

    public void Add(ViolationCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var path = PathOf(candidate.Id);
        var partial = path + ".partial";
        using (var entry = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            entry.Write(JsonSerializer.SerializeToUtf8Bytes(candidate));
            entry.Flush(flushToDisk: true);
        }

        File.Move(partial, path, overwrite: true);
        DirectorySync.Flush(_folder);
    }

    public void Remove(string violationId) => File.Delete(PathOf(violationId));

    private string PathOf(string violationId) =>
        Path.Combine(_folder, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(violationId)))[..32] + Extension);

    private static ViolationCandidate? TryRead(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<ViolationCandidate>(File.ReadAllBytes(path));
        }
        catch (JsonException)
        {
            return null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }
}
