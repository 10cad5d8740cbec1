using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;

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
        DATE: decisions from this UTC date (2026-11-01) or instant (2026-11-01T07:00:00+07:00) on. OUT: an empty or new folder.
        --evidence: the service's evidence store (Vision:Evidence:StoreDirectory); sealed packages are in its packages/ folder.
        """;

    private const string PlateCropRole = "plate-crop";

    // LocalEvidenceStore keeps sealed packages in this folder of its root.
    private const string PackagesFolder = "packages";

    private static readonly string[] ValueOptions = ["--since", "--evidence", "--sqlite", "--postgres"];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var positional = Positional(args[2..]);
        var sinceText = CliOptions.Value(args, "--since");
        if (sinceText is null || positional.Count != 1)
        {
            error.WriteLine(Usage);
            return 2;
        }

        if (!TryParseSince(sinceText, out var since))
        {
            error.WriteLine($"vision plates export-corrections: --since takes a date (2026-11-01) or an ISO 8601 instant, not '{sinceText}'.");
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

        Directory.CreateDirectory(outFolder);
        var labels = new List<string>();
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

            var file = SafeFileName(violation.Id) + ".jpg";
            await File.WriteAllBytesAsync(Path.Combine(outFolder, file), crop, cancellationToken);
            var decided = DateTimeOffset.FromUnixTimeMilliseconds(violation.DecidedMs).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            labels.Add($"{file}\t{violation.CorrectedPlate}");
            provenance.Add($"{file}\t{violation.CorrectedPlate}\t{violation.MachineRead}\t{violation.Id}\t{violation.CameraId}\t{decided}");
        }

        await File.WriteAllLinesAsync(Path.Combine(outFolder, "labels.tsv"), labels, cancellationToken);
        await File.WriteAllLinesAsync(Path.Combine(outFolder, "corrections.tsv"), provenance, cancellationToken);
        output.WriteLine($"{labels.Count} corrected plate crop(s) written to {outFolder} ({corrected.Count} correction(s) since {since:yyyy-MM-dd HH:mm}Z).");
        foreach (var line in skipped)
        {
            output.WriteLine($"  skipped {line}");
        }

        return 0;
    }

    /// <summary>The package's plate crop, checked against the SHA-256 its manifest records, or why there is none.</summary>
    private static (byte[]? Crop, string? Problem) PlateCrop(string packagesRoot, string? packageId)
    {
        if (packageId is null || !IsPlainName(packageId))
        {
            return (null, "no evidence package");
        }

        var manifestPath = Path.Combine(packagesRoot, packageId, "manifest.json");
        if (!File.Exists(manifestPath))
        {
            return (null, $"package {packageId} is not in the evidence folder (expired or moved)");
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
                var path = Path.Combine(packagesRoot, packageId, fileName);
                if (!File.Exists(path))
                {
                    return (null, $"package {packageId} lost its plate crop");
                }

                var bytes = File.ReadAllBytes(path);
                return Convert.ToHexStringLower(SHA256.HashData(bytes)) == expected
                    ? (bytes, null)
                    : (null, $"package {packageId}: the plate crop does not match its manifest");
            }
        }

        return (null, $"package {packageId} has no plate crop");
    }

    private static bool TryParseSince(string text, out DateTimeOffset since)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            since = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out since);
    }

    private static List<string> Positional(string[] args)
    {
        var positional = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (ValueOptions.Contains(args[i]))
            {
                i++;
            }
            else
            {
                positional.Add(args[i]);
            }
        }

        return positional;
    }

    private static bool IsPlainName(string name) =>
        name.Length is > 0 and <= 200 && name is not ("." or "..") && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static string SafeFileName(string id) => new([.. id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')]);

    private sealed record CorrectedViolation(string Id, string CameraId, string? MachineRead, string CorrectedPlate, string? PackageId, long DecidedMs);
}
