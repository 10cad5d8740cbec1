using System.Text.Json;
using System.Text.Json.Serialization;
using Vision.Domain.Violations;

namespace Vision.Pipeline.Rules.Legal;

/// <summary>
/// Maps (violation kind, vehicle type, speeding excess or people on an overloaded motorbike) to the provision of Decree 168/2024/NĐ-CP and its fine range.
/// Loaded from a JSON file and validated at start-up: duplicate rows, bad points and inverted fine ranges are refused.
/// </summary>
public sealed class LegalTable
{
    private static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private const string PointLetters = "abcdđeghiklmnopqrstuvxy";

    private readonly Dictionary<(ViolationKind, VehicleType), LegalTableEntry[]> _rows;

    private LegalTable(LegalTableDocument document)
    {
        Instrument = document.Instrument;
        _rows = document.Entries.GroupBy(e => (e.Kind, e.VehicleType))
            .ToDictionary(g => g.Key, g => g.OrderByDescending(e => e.MinimumExcessKmh).ThenByDescending(e => e.MinimumPeople).ToArray());
    }

    public string Instrument { get; }

    /// <summary>
    /// The provision for a violation, or null when the table has no row for it (the violation is kept, unmapped, for the
    /// officer). Without <paramref name="speedExcessKmh"/> or <paramref name="people"/> the highest band applies.
    /// </summary>
    public LegalReference? Find(ViolationKind kind, VehicleType vehicleType, double? speedExcessKmh = null, int? people = null)
    {
        if (!_rows.TryGetValue((kind, vehicleType), out var rows))
        {
            return null;
        }

        var excess = speedExcessKmh ?? double.MaxValue;
        var carried = people ?? int.MaxValue;
        foreach (var row in rows)
        {
            if (excess >= row.MinimumExcessKmh && carried >= row.MinimumPeople)
            {
                return new LegalReference(Instrument, row.Article, row.Clause, row.Point, new FineRange(row.MinimumFineVnd, row.MaximumFineVnd));
            }
        }

        return null;
    }

    /// <summary>Reads and validates a table; the problems name the file and the row.</summary>
    public static (LegalTable? Table, IReadOnlyList<string> Problems) Load(string path)
    {
        if (!File.Exists(path))
        {
            return (null, [$"{path}: the legal table file does not exist"]);
        }

        LegalTableDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<LegalTableDocument>(File.ReadAllText(path), Json);
        }
        catch (JsonException error)
        {
            return (null, [$"{path}: {error.Path}: not a valid legal table: {error.Message}"]);
        }

        var problems = document is null ? [$"{path}: the file holds null"] : Validate(document, path);
        return problems.Count == 0 ? (new LegalTable(document!), []) : (null, problems);
    }

    public static List<string> Validate(LegalTableDocument document, string file)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(document.Instrument))
        {
            problems.Add($"{file}: Instrument: names no legal instrument");
        }

        for (var i = 0; i < document.Entries.Count; i++)
        {
            var row = document.Entries[i];
            var element = $"{file}: Entries[{i}] ({row.Kind}, {row.VehicleType})";
            if (row.Article <= 0 || row.Clause <= 0)
            {
                problems.Add($"{element}: article and clause must be positive, not {row.Article}.{row.Clause}");
            }

            if (row.Point.Length != 1 || !PointLetters.Contains(row.Point, StringComparison.Ordinal))
            {
                problems.Add($"{element}: point '{row.Point}' is not one letter of a Vietnamese legal point (a, b, c, d, đ, e …)");
            }

            if (row.MinimumFineVnd <= 0 || row.MaximumFineVnd < row.MinimumFineVnd)
            {
                problems.Add($"{element}: the fine range {row.MinimumFineVnd}-{row.MaximumFineVnd} VND is empty or inverted");
            }

            if (row.MinimumExcessKmh != 0 && row.Kind != ViolationKind.Speeding)
            {
                problems.Add($"{element}: only Speeding rows may set MinimumExcessKmh");
            }

            if (row.MinimumPeople != 0 && row.Kind != ViolationKind.MotorbikeOverloaded)
            {
                problems.Add($"{element}: only MotorbikeOverloaded rows may set MinimumPeople");
            }
        }

        foreach (var duplicate in document.Entries.GroupBy(e => (e.Kind, e.VehicleType, e.MinimumExcessKmh, e.MinimumPeople)).Where(g => g.Count() > 1))
        {
            var band = duplicate.Key.Kind == ViolationKind.MotorbikeOverloaded ? $"from {duplicate.Key.MinimumPeople} people" : $"from {duplicate.Key.MinimumExcessKmh} km/h";
            problems.Add($"{file}: ({duplicate.Key.Kind}, {duplicate.Key.VehicleType}, {band}) appears {duplicate.Count()} times");
        }

        return problems;
    }
}
