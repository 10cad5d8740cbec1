using Vision.Domain.Geometry;
using Vision.Domain.Inference;
using Vision.Domain.Violations;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.Evidence;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Runtime;

// Vision.Evidence.CrashWriter <store-root> <signing-key.pem> <photo.jpg> <first-violation-number>
// Builds real evidence packages (photo frames, key frames, MP4 clip, overview, crop, signed manifest) into the store, one
// after another, until it is killed; prints "sealed <package-id>" after each commit.
// Vision.Evidence.CrashWriter hold-and-journal <store-root> <package-id>
// Holds a stored package and journals one pending violation, then exits (run under strace to see what reaches the disk).
if (args is ["hold-and-journal", var root, var packageId])
{
    if (!new LocalEvidenceStore(root, TimeSpan.FromDays(75), TimeProvider.System).Hold(packageId))
    {
        Console.Error.WriteLine($"no package {packageId} to hold");
        return 1;
    }

    var raisedAt = new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);
    var pending = new ViolationCandidate(
        ViolationCandidate.CreateId("crash-writer", ViolationKind.IllegalParking, 1, raisedAt, 10), "crash-writer", ViolationKind.IllegalParking,
        1, "car", 10, raisedAt, new BoundingBox(100, 50, 700, 400), [], [], [], [], null, null,
        new RuleProvenance("crash", 1, new string('0', 64), "parking"), [new ModelIdentity("none", new string('0', 64))]);
    new PendingViolationJournal(root).Add(pending);
    Console.WriteLine($"held {packageId}, journaled {pending.Id}");
    return 0;
}

if (args.Length != 4)
{
    Console.Error.WriteLine("usage: Vision.Evidence.CrashWriter <store-root> <signing-key.pem> <photo.jpg> <first-violation-number>");
    Console.Error.WriteLine("       Vision.Evidence.CrashWriter hold-and-journal <store-root> <package-id>");
    return 2;
}

var options = new EvidenceOptions { ClipBefore = TimeSpan.FromSeconds(1), ClipAfter = TimeSpan.FromSeconds(1) };
var store = new LocalEvidenceStore(args[0], options.Retention, TimeProvider.System);
using var key = EvidenceSigningKey.LoadOrCreate(args[1]);
var builder = new EvidencePackageBuilder(store, key, options, TimeProvider.System);
var camera = new CameraDefinition { Id = "crash-writer", Name = "crash writer", ExpectedFramesPerSecond = 10 };
var jpeg = File.ReadAllBytes(args[2]);
var start = new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);
for (var violation = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture); ; violation++)
{
    var first = violation * 100L;
    var frames = Enumerable.Range(0, 21)
        .Select(i => new EncodedFrame(camera.Id, first + i, start + TimeSpan.FromMilliseconds(100 * (first + i)), jpeg))
        .ToList();
    var at = frames[10];
    var candidate = new ViolationCandidate(
        ViolationCandidate.CreateId(camera.Id, ViolationKind.IllegalParking, violation, at.CapturedAt, at.Sequence), camera.Id, ViolationKind.IllegalParking,
        violation, "car", at.Sequence, at.CapturedAt, new BoundingBox(100, 50, 700, 400), [], [], [], [], null, null,
        new RuleProvenance("crash", 1, new string('0', 64), "parking"), [new ModelIdentity("none", new string('0', 64))]);
    var result = builder.Build(candidate, camera, frames, CancellationToken.None);
    Console.WriteLine($"sealed {result.Reference!.PackageId}");
}
