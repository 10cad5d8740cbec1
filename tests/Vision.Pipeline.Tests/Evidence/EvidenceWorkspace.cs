using Microsoft.Extensions.Time.Testing;
using Vision.Pipeline.Evidence;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Evidence;

/// <summary>A throw-away evidence setup: a temporary store and signing key, and a builder over them.</summary>
public sealed class EvidenceWorkspace : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 14, 0, 0, TimeSpan.Zero);

    public EvidenceWorkspace(EvidenceRedaction? redaction = null, EvidenceOptions? options = null, TimeProvider? time = null)
    {
        Root = Directory.CreateTempSubdirectory("vision-evidence-").FullName;
        Options = options ?? new EvidenceOptions();
        Time = time ?? new FakeTimeProvider(Now);
        Key = EvidenceSigningKey.LoadOrCreate(Path.Combine(Root, "keys", "signing.pem"));
        Store = new LocalEvidenceStore(Path.Combine(Root, "store"), Options.Retention, Time);
        Builder = new EvidencePackageBuilder(Store, Key, Options, Time, redaction);
    }

    public string Root { get; }

    public EvidenceOptions Options { get; }

    public TimeProvider Time { get; }

    public EvidenceSigningKey Key { get; }

    public LocalEvidenceStore Store { get; }

    public EvidencePackageBuilder Builder { get; }

    /// <summary>Drafts in a store's staging area, of any process (<c>.staging/{process id}/{draft}</c>).</summary>
    public static int StagedDrafts(string storeRoot)
    {
        var staging = Path.Combine(storeRoot, ".staging");
        return Directory.Exists(staging) ? Directory.GetDirectories(staging).Sum(owner => Directory.GetDirectories(owner).Length) : 0;
    }

    public void Dispose()
    {
        Key.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}
