using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Vision.Evidence.Files;
using Vision.Storage;

namespace Vision.Cli;

/// <summary>
/// <c>vision plates export-corrections --since DATE OUT</c>: the plate crops of violations an officer confirmed with a
/// corrected plate, with the plate as the officer read it, for fine-tuning the plate reader (training/plates). Needs only
/// the store and the evidence folder, not the models. OUT gets one JPEG per correction, <c>labels.tsv</c>
/// (<c>file&lt;TAB&gt;plate</c>, the format the trainer and <c>vision plates evaluate</c> read) and <c>corrections.tsv</c>
/// (where each came from: violation, camera, machine read, decision time).
/// </summary>
internal static class CorrectionsCommand
{
    public const string Usage = """
        usage: vision plates export-corrections --since DATE OUT [--evidence data/evidence] [--sqlite data/vision.db | --postgres "..."]
        DATE: decisions from this day in Vietnam time (2026-11-01: from 00:00 +07:00) or from an instant with its offset
        (2026-11-01T07:00:00+07:00, 2026-11-01T00:00:00Z) on. OUT: an empty or new folder.
        --evidence: the service's evidence store (Vision:Evidence:StoreDirectory); sealed packages are in its packages/ folder.
        """;

    private const string PlateCropRole = "plate-crop";

    // LocalEvidenceStore keeps sealed packages in this folder of its root.
    private const string PackagesFolder = "packages";

    private static readonly string[] ValueOptions = ["--since", "--evidence", "--sqlite", "--postgres"];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var sinceText = CliOptions.Value(args, "--since");
        var usageProblem = CliOptions.Problem(args, 2, ValueOptions, 1, 1) ?? (sinceText is null ? "--since is required" : null);
        if (usageProblem is not null || sinceText is null)
        {
            error.WriteLine($"vision plates export-corrections: {usageProblem}.");
            error.WriteLine(Usage);
            return 2;
        }

        var positional = CliOptions.Arguments(args, 2);

        if (!TryParseSince(sinceText, out var since))
        {
            error.WriteLine($"vision plates export-corrections: --since takes a day (2026-11-01, in Vietnam time) or an ISO 8601 instant with its offset (2026-11-01T07:00:00+07:00), not '{sinceText}'.");
            return 2;
        }

        var outFolder = Path.GetFullPath(positional[0]);
        if (Directory.Exists(outFolder) && Directory.EnumerateFileSystemEntries(outFolder).Any())
        {
            error.WriteLine($"vision plates export-corrections: {outFolder} is not empty; name a new or empty folder.");
            return 2;
        }

        var evidenceRoot = Path.GetFullPath(CliOptions.Value(args, "--evidence") ?? "data/evidence");
        if (!Directory.Exists(evidenceRoot))
        {
            error.WriteLine($"vision plates export-corrections: the evidence folder {evidenceRoot} does not exist (--evidence).");
            return 2;
        }

        var database = await StoreConnection.OpenAsync(CliOptions.Value(args, "--sqlite"), CliOptions.Value(args, "--postgres"), mayCreate: false, cancellationToken);
        List<CorrectedViolation> corrected;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            corrected = [.. await connection.QueryAsync<CorrectedViolation>(new CommandDefinition(
                """
                SELECT id AS Id, camera_id AS CameraId, plate_text AS MachineRead, corrected_plate AS CorrectedPlate,
                       evidence_package_id AS PackageId, decided_ms AS DecidedMs
                FROM violations
                WHERE status = 'Corrected' AND decided_ms >= @SinceMs AND corrected_plate IS NOT NULL
                ORDER BY decided_ms, id
                """,
                new { SinceMs = since.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken))];
        }

        var createdFolder = !Directory.Exists(outFolder);
        Directory.CreateDirectory(outFolder);
        var labels = new List<string>();
        var files = new HashSet<string>(StringComparer.Ordinal);
        var provenance = new List<string> { "file\tplate\tmachine_read\tviolation_id\tcamera_id\tdecided_utc" };
        var skipped = new List<string>();
        foreach (var violation in corrected)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (crop, problem) = PlateCrop(Path.Combine(evidenceRoot, PackagesFolder), violation.PackageId);
            if (crop is null)
            {
                skipped.Add($"{violation.Id}: {problem}");
                continue;
            }

            // Ids differing only in characters a file name cannot hold ("hue.1" and "hue_1") must not overwrite each other.
            var file = SafeFileName(violation.Id) + ".jpg";
            if (!files.Add(file))
            {
                file = $"{SafeFileName(violation.Id)}_{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(violation.Id)))[..8]}.jpg";
                files.Add(file);
            }

            await File.WriteAllBytesAsync(Path.Combine(outFolder, file), crop, cancellationToken);
            var decided = DateTimeOffset.FromUnixTimeMilliseconds(violation.DecidedMs).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            labels.Add($"{file}\t{violation.CorrectedPlate}");
            provenance.Add($"{file}\t{violation.CorrectedPlate}\t{violation.MachineRead}\t{violation.Id}\t{violation.CameraId}\t{decided}");
        }

        foreach (var line in skipped)
        {
            output.WriteLine($"  skipped {line}");
        }

        if (corrected.Count > 0 && labels.Count == 0)
        {
            // A fine-tune on none of them would run on synthetic plates alone, as if it had learnt from the officers. The
            // folder is left as it was found, so the same command with the right --evidence runs again.
            if (createdFolder)
            {
                Directory.Delete(outFolder);
            }

            error.WriteLine($"vision plates export-corrections: none of the {corrected.Count} correction(s) could be exported: is --evidence the " +
                $"evidence store's root (it holds {PackagesFolder}/), and readable by this user?");
            return 1;
        }

        await File.WriteAllLinesAsync(Path.Combine(outFolder, "labels.tsv"), labels, cancellationToken);
        await File.WriteAllLinesAsync(Path.Combine(outFolder, "corrections.tsv"), provenance, cancellationToken);
        output.WriteLine($"{labels.Count} corrected plate crop(s) written to {outFolder} ({corrected.Count} correction(s) since {since.UtcDateTime:yyyy-MM-dd HH:mm}Z).");
        return 0;
    }

    /// <summary>The package's plate crop, checked against the SHA-256 its manifest records, or why there is none.</summary>
    private static (byte[]? Crop, string? Problem) PlateCrop(string packagesRoot, string? packageId)
    {
        try
        {
            return ReadPlateCrop(packagesRoot, packageId);
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            // One damaged or unreadable package is skipped like an expired one, not the end of the export.
            return (null, $"package {packageId} cannot be read ({error.GetType().Name}: {error.Message})");
        }
    }

    private static (byte[]? Crop, string? Problem) ReadPlateCrop(string packagesRoot, string? packageId)
    {
        if (packageId is null || !IsPlainName(packageId))
        {
            return (null, "no evidence package");
        }

        // Plain folders and files only, as the verifier reads them: a link could lead anywhere and a FIFO blocks forever.
        var packageFolder = Path.Combine(packagesRoot, packageId);
        var manifestPath = Path.Combine(packageFolder, "manifest.json");
        var folderKind = PlainFiles.KindOf(packageFolder);
        var manifestKind = folderKind == FileKind.Directory ? PlainFiles.KindOf(manifestPath) : FileKind.Missing;
        if (folderKind == FileKind.Missing || manifestKind == FileKind.Missing && folderKind == FileKind.Directory)
        {
            return (null, $"package {packageId} is not in the evidence folder (expired or moved)");
        }

        if (folderKind != FileKind.Directory || manifestKind != FileKind.RegularFile)
        {
            return (null, $"package {packageId} is not a plain folder with a plain manifest (a link or a special file is never read)");
        }

        using var manifest = JsonDocument.Parse(File.ReadAllBytes(manifestPath));
        if (!manifest.RootElement.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Array)
        {
            return (null, $"package {packageId} has no file list");
        }

        foreach (var entry in files.EnumerateArray())
        {
            if (entry.TryGetProperty("role", out var role) && role.GetString() == PlateCropRole
                && entry.TryGetProperty("name", out var name) && name.GetString() is { } fileName && IsPlainName(fileName)
                && entry.TryGetProperty("sha256", out var sha) && sha.GetString() is { } expected)
            {
                var path = Path.Combine(packageFolder, fileName);
                if (PlainFiles.KindOf(path) == FileKind.Missing)
                {
                    return (null, $"package {packageId} lost its plate crop");
                }

                if (!PlainFiles.IsPlainFile(path))
                {
                    return (null, $"package {packageId}: its plate crop is a link or a special file, never read");
                }

                var bytes = File.ReadAllBytes(path);
                return Convert.ToHexStringLower(SHA256.HashData(bytes)) == expected
                    ? (bytes, null)
                    : (null, $"package {packageId}: the plate crop does not match its manifest");
            }
        }

        return (null, $"package {packageId} has no plate crop");
    }

    private static readonly string[] InstantFormats = ["yyyy-MM-ddTHH:mmzzz", "yyyy-MM-ddTHH:mm:sszzz", "yyyy-MM-ddTHH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-ddTHH:mm'Z'", "yyyy-MM-ddTHH:mm:ss'Z'", "yyyy-MM-ddTHH:mm:ss.FFFFFFF'Z'"];

    /// <summary>
    /// A day (from its start in Vietnam, where the officers decided) or an ISO 8601 instant with its offset. Nothing
    /// else: "01/12/2026" read as 12 January, or a clock time without an offset taken as UTC, exported the wrong months.
    /// </summary>
    private static bool TryParseSince(string text, out DateTimeOffset since)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var midnight = date.ToDateTime(TimeOnly.MinValue);
            since = new DateTimeOffset(midnight, StatisticsQuery.VietnamTime().GetUtcOffset(midnight));
            return true;
        }

        return DateTimeOffset.TryParseExact(text, InstantFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out since);
    }

    private static bool IsPlainName(string name) =>
        name.Length is > 0 and <= 200 && name is not ("." or "..") && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static string SafeFileName(string id) => new([.. id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')]);

    private sealed record CorrectedViolation(string Id, string CameraId, string? MachineRead, string CorrectedPlate, string? PackageId, long DecidedMs);
}
