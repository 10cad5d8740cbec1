using System.Globalization;
using Microsoft.Extensions.Options;
using Vision.Domain.Geometry;
using Vision.Domain.Inference;
using Vision.Domain.Plates;
using Vision.Domain.Plates.Consensus;
using Vision.Domain.Violations;
using Vision.Pipeline.Evidence;
using Vision.Pipeline.Tests.Evidence;
using Vision.Pipeline.Tests.Support;
using Vision.Service.Tests.Support;
using Vision.Storage;

namespace Vision.Service.Tests.Plates;

/// <summary>
/// <c>vision plates export-corrections</c> on the real service's store and evidence: the plate crops officers corrected,
/// with their plate, in the format the trainer (training/plates/corrections.py) and <c>vision plates evaluate</c> read.
/// </summary>
[Collection(VisionServiceCollection.Name)]
public sealed class ExportCorrectionsTests(VisionServiceFixture service) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vision-corrections-").FullName;

    [Fact]
    public async Task Export_writes_each_corrected_plate_crop_with_the_officers_plate_and_leaves_out_confirmed_reads()
    {
        // A real two-line motorbike plate the machine misread (last digit), and one it read right.
        var misread = await RecordWithPlateCropAsync(trackId: 41, "plates/vn_crops/8xemay926.jpg", machineRead: "71B140146");
        var rightRead = await RecordWithPlateCropAsync(trackId: 42, "plates/vn_crops/6xemay451.jpg", machineRead: "83H66954");
        var review = service.Services.GetRequiredService<ReviewStore>();
        await review.DecideAsync(new ReviewDecision(misread.Violation, 1, "csgt-hue-017", ReviewStatus.Corrected, CorrectedPlate: "71-B1 401.40"), CancellationToken.None);
        await review.DecideAsync(new ReviewDecision(rightRead.Violation, 1, "csgt-hue-017", ReviewStatus.Confirmed), CancellationToken.None);
        var output = Path.Combine(_root, "corrections");

        var (exitCode, printed) = await ExportAsync(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), output);

        Assert.True(exitCode == 0, printed);
        var labels = File.ReadAllLines(Path.Combine(output, "labels.tsv")).Select(line => line.Split('\t')).ToList();
        var exported = Assert.Single(labels, fields => File.ReadAllBytes(Path.Combine(output, fields[0])).SequenceEqual(misread.Crop));
        Assert.Equal("71B140140", exported[1]);
        Assert.Equal(misread.Crop, File.ReadAllBytes(Path.Combine(output, exported[0])));
        Assert.DoesNotContain(labels, fields => File.ReadAllBytes(Path.Combine(output, fields[0])).SequenceEqual(rightRead.Crop));
        var provenance = File.ReadAllLines(Path.Combine(output, "corrections.tsv"));
        Assert.Contains($"{exported[0]}\t71B140140\t71B140146\t{misread.Violation}\t{EvidenceSamples.Camera.Id}\t", provenance.Select(line => line[..(line.LastIndexOf('\t') + 1)]));
    }

    [Fact]
    public async Task Export_since_a_later_date_writes_nothing_and_a_used_folder_is_refused()
    {
        var tomorrow = DateTimeOffset.UtcNow.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var output = Path.Combine(_root, "later");

        var (exitCode, printed) = await ExportAsync(tomorrow, output);

        Assert.True(exitCode == 0, printed);
        Assert.Contains("0 corrected plate crop(s)", printed);
        Assert.Empty(File.ReadAllLines(Path.Combine(output, "labels.tsv")));
        var (again, refused) = await ExportAsync(tomorrow, output);
        Assert.Equal(2, again);
        Assert.Contains("is not empty", refused);
        var (badDate, why) = await ExportAsync("yesterday", Path.Combine(_root, "bad"));
        Assert.Equal(2, badDate);
        Assert.Contains("--since takes a date", why);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private Task<(int ExitCode, string Output)> ExportAsync(string since, string output) => VisionCli.RunAsync(null,
        "plates", "export-corrections", "--since", since, output,
        "--sqlite", Path.GetFullPath(service.Services.GetRequiredService<IOptions<StorageOptions>>().Value.SqlitePath),
        "--evidence", service.Services.GetRequiredService<LocalEvidenceStore>().RootDirectory);

    /// <summary>A red-light violation whose sealed package holds <paramref name="cropSample"/> as the track's plate crop.</summary>
    private async Task<(string Violation, byte[] Crop)> RecordWithPlateCropAsync(long trackId, string cropSample, string machineRead)
    {
        var crop = await File.ReadAllBytesAsync(TestAssets.Sample(cropSample));
        var frames = EvidenceSamples.PhotoFrames("images/vn_motorbikes_parked_101.jpg", 41, Random.Shared.NextInt64(1, 1_000_000_000), DateTimeOffset.UtcNow);
        var at = frames[20];
        var read = new PlateRead(machineRead, [.. machineRead.Select(_ => 0.9f)], new ModelIdentity("vision-plate-ocr-vn", new string('d', 64)));
        var observation = new PlateObservation(read, null, true, at.Sequence - 2, at.CapturedAt, 60, 44, 150, crop);
        var consensus = new PlateConsensusResult(machineRead, null, true, 0.8, 5, observation, [], true);
        var candidate = EvidenceSamples.RedLight(at, new BoundingBox(250, 260, 480, 900), [], new TrackPlate(trackId, consensus, [])) with
        {
            Id = ViolationCandidate.CreateId(EvidenceSamples.Camera.Id, ViolationKind.RedLight, trackId, at.CapturedAt, at.Sequence),
            TrackId = trackId,
        };
        var result = service.Services.GetRequiredService<EvidencePackageBuilder>().Build(candidate, EvidenceSamples.Camera, frames, CancellationToken.None);
        await service.Services.GetRequiredService<IViolationRecorder>().RecordAsync(candidate, result.Reference, CancellationToken.None);
        return (candidate.Id, crop);
    }
}
