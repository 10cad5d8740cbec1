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

        var (exitCode, printed) = await ExportAsync(VietnamDay(0), output);

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
        var tomorrow = VietnamDay(1);
        var output = Path.Combine(_root, "later");

        var (exitCode, printed) = await ExportAsync(tomorrow, output);

        Assert.True(exitCode == 0, printed);
        Assert.Contains("0 corrected plate crop(s)", printed);
        Assert.Empty(File.ReadAllLines(Path.Combine(output, "labels.tsv")));
        var (again, refused) = await ExportAsync(tomorrow, output);
        Assert.Equal(2, again);
        Assert.Contains("is not empty", refused);
        // Anything but a day or an instant with its offset: "01/12/2026" was read as 12 January, a time without offset as UTC.
        foreach (var unclear in (string[])["yesterday", "01/12/2026", "2026-12-01 08:00", "2026-12-01T08:00:00"])
        {
            var (badDate, why) = await ExportAsync(unclear, Path.Combine(_root, "bad"));
            Assert.Equal(2, badDate);
            Assert.Contains("--since takes a day", why);
        }
    }

    [Fact]
    public async Task A_damaged_package_is_skipped_and_an_export_that_found_corrections_but_wrote_none_fails()
    {
        var since = JustBefore();
        var readable = await RecordCorrectedAsync(trackId: 51, "plates/vn_crops/2xemay1666.jpg", machineRead: "72F131114", corrected: "72-F1 311.44");
        var damaged = await RecordCorrectedAsync(trackId: 52, "plates/vn_crops/1xemay677.jpg", machineRead: "59C130928", corrected: "59-C1 309.23");
        var evidence = service.Services.GetRequiredService<LocalEvidenceStore>().RootDirectory;
        await File.WriteAllTextAsync(Path.Combine(evidence, "packages", damaged.PackageId, "manifest.json"), "{");

        var (exitCode, printed) = await ExportAsync(since, Path.Combine(_root, "damaged"));

        Assert.True(exitCode == 0, printed);
        var label = Assert.Single(File.ReadAllLines(Path.Combine(_root, "damaged", "labels.tsv")));
        Assert.EndsWith("\t72F131144", label, StringComparison.Ordinal);
        Assert.Contains($"skipped {damaged.Violation}: package {damaged.PackageId} cannot be read", printed);

        // The packages/ folder named instead of the store's root: every correction skipped, which is no success.
        var (wrongFolder, why) = await ExportAsync(since, Path.Combine(_root, "wrong"), Path.Combine(evidence, "packages"));
        Assert.Equal(1, wrongFolder);
        Assert.Contains("none of the 2 correction(s) could be exported", why);
        // Told to fix --evidence, the operator runs the same command again: the folder was left empty ("not empty" before).
        var (fixedFolder, printedAgain) = await ExportAsync(since, Path.Combine(_root, "wrong"));
        Assert.True(fixedFolder == 0, printedAgain);
    }

    [Fact]
    public async Task A_plate_crop_that_is_a_link_is_never_followed_though_it_leads_to_the_same_bytes()
    {
        // Someone with access to the evidence store made a package's crop a link (to a copy of it here; it could be any
        // file this user may read): the export followed it and wrote what it led to as a training crop.
        var since = JustBefore();
        var plain = await RecordCorrectedAsync(trackId: 71, "plates/vn_crops/2xemay1666.jpg", machineRead: "72F131114", corrected: "72-F1 311.44");
        var linked = await RecordCorrectedAsync(trackId: 72, "plates/vn_crops/1xemay677.jpg", machineRead: "59C130928", corrected: "59-C1 309.23");
        var package = Path.Combine(service.Services.GetRequiredService<LocalEvidenceStore>().RootDirectory, "packages", linked.PackageId);
        using var manifest = System.Text.Json.JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(package, "manifest.json")));
        var cropName = manifest.RootElement.GetProperty("files").EnumerateArray()
            .Single(file => file.GetProperty("role").GetString() == "plate-crop").GetProperty("name").GetString()!;
        var elsewhere = Path.Combine(_root, "elsewhere.jpg");
        File.Copy(Path.Combine(package, cropName), elsewhere);
        File.Delete(Path.Combine(package, cropName));
        File.CreateSymbolicLink(Path.Combine(package, cropName), elsewhere);

        var (exitCode, printed) = await ExportAsync(since, Path.Combine(_root, "links"));

        Assert.True(exitCode == 0, printed);
        var labels = File.ReadAllLines(Path.Combine(_root, "links", "labels.tsv"));
        Assert.Contains(labels, label => label.EndsWith("\t72F131144", StringComparison.Ordinal));
        Assert.DoesNotContain(labels, label => label.EndsWith("\t59C130923", StringComparison.Ordinal));
        Assert.Contains($"skipped {linked.Violation}: package {linked.PackageId}: its plate crop is a link or a special file, never read", printed);
    }

    [Fact]
    public async Task Violations_whose_ids_differ_only_where_a_file_name_cannot_hold_them_are_written_to_two_files()
    {
        var since = JustBefore();
        var first = await RecordCorrectedAsync(trackId: 61, "plates/vn_crops/2xemay1666.jpg", machineRead: "72F131114", corrected: "72-F1 311.44", id: "hue.1:RedLight:61");
        var second = await RecordCorrectedAsync(trackId: 61, "plates/vn_crops/1xemay677.jpg", machineRead: "59C130928", corrected: "59-C1 309.23", id: "hue_1:RedLight:61");
        var output = Path.Combine(_root, "clash");

        var (exitCode, printed) = await ExportAsync(since, output);

        Assert.True(exitCode == 0, printed);
        // corrections.tsv: file, plate, machine read, violation id, camera, decided.
        var files = File.ReadAllLines(Path.Combine(output, "corrections.tsv")).Skip(1).Select(line => line.Split('\t'))
            .Where(fields => fields[3] == first.Violation || fields[3] == second.Violation).ToDictionary(fields => fields[3], fields => fields[0]);
        Assert.NotEqual(files[first.Violation], files[second.Violation]);
        Assert.Equal(first.Crop, File.ReadAllBytes(Path.Combine(output, files[first.Violation])));
        Assert.Equal(second.Crop, File.ReadAllBytes(Path.Combine(output, files[second.Violation])));
    }

    /// <summary>The Vietnam day <paramref name="daysFromToday"/> from today there, as --since takes it.</summary>
    private static string VietnamDay(int daysFromToday) =>
        DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).AddDays(daysFromToday).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private Task<(int ExitCode, string Output)> ExportAsync(string since, string output, string? evidence = null) => VisionCli.RunAsync(null,
        "plates", "export-corrections", "--since", since, output,
        "--sqlite", Path.GetFullPath(service.Services.GetRequiredService<IOptions<StorageOptions>>().Value.SqlitePath),
        "--evidence", evidence ?? service.Services.GetRequiredService<LocalEvidenceStore>().RootDirectory);

    /// <summary>A second ago, as --since takes an instant: corrections recorded by earlier tests fall before it.</summary>
    private static string JustBefore() =>
        DateTimeOffset.UtcNow.AddSeconds(-1).ToString("yyyy-MM-ddTHH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>As <see cref="RecordWithPlateCropAsync"/>, then corrected by an officer to <paramref name="corrected"/>.</summary>
    private async Task<(string Violation, byte[] Crop, string PackageId)> RecordCorrectedAsync(long trackId, string cropSample, string machineRead,
        string corrected, string? id = null)
    {
        var recorded = await RecordWithPlateCropAsync(trackId, cropSample, machineRead, id);
        await service.Services.GetRequiredService<ReviewStore>().DecideAsync(
            new ReviewDecision(recorded.Violation, 1, "csgt-hue-017", ReviewStatus.Corrected, CorrectedPlate: corrected), CancellationToken.None);
        return recorded;
    }

    /// <summary>A red-light violation whose sealed package holds <paramref name="cropSample"/> as the track's plate crop.</summary>
    private async Task<(string Violation, byte[] Crop, string PackageId)> RecordWithPlateCropAsync(long trackId, string cropSample, string machineRead,
        string? id = null)
    {
        var crop = await File.ReadAllBytesAsync(TestAssets.Sample(cropSample));
        var frames = EvidenceSamples.PhotoFrames("images/vn_motorbikes_parked_101.jpg", 41, Random.Shared.NextInt64(1, 1_000_000_000), DateTimeOffset.UtcNow);
        var at = frames[20];
        var read = new PlateRead(machineRead, [.. machineRead.Select(_ => 0.9f)], new ModelIdentity("vision-plate-ocr-vn", new string('d', 64)));
        var observation = new PlateObservation(read, null, true, at.Sequence - 2, at.CapturedAt, 60, 44, 150, crop);
        var consensus = new PlateConsensusResult(machineRead, null, true, 0.8, 5, observation, [], true);
        var candidate = EvidenceSamples.RedLight(at, new BoundingBox(250, 260, 480, 900), [], new TrackPlate(trackId, consensus, [])) with
        {
            Id = id ?? ViolationCandidate.CreateId(EvidenceSamples.Camera.Id, ViolationKind.RedLight, trackId, at.CapturedAt, at.Sequence),
            TrackId = trackId,
        };
        var result = service.Services.GetRequiredService<EvidencePackageBuilder>().Build(candidate, EvidenceSamples.Camera, frames, CancellationToken.None);
        await service.Services.GetRequiredService<IViolationRecorder>().RecordAsync(candidate, result.Reference, CancellationToken.None);
        return (candidate.Id, crop, result.Reference!.PackageId);
    }
}
