using System.ComponentModel.DataAnnotations;
using Vision.Domain.Plates.Consensus;
using Vision.Pipeline.Plates.Consensus;

namespace Vision.Service.Hosting;

/// <summary>The watchlist as configured under <c>Vision:Plates</c>: its entries and the fuzzy-match tolerance.</summary>
public sealed class WatchlistOptions : IValidatableObject
{
    public List<WatchlistEntry> Watchlist { get; set; } = [];

    /// <summary>The edit distance a read may be from a listed plate and still hit it (0: exact and confused characters only).</summary>
    [Range(0, 4)]
    public int WatchlistMaxEditDistance { get; set; } = 1;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var firstEntryOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Watchlist.Count; i++)
        {
            // Two lists merged by hand may name one plate twice ("75A-999.99" stolen, "75A 99999" wanted): the store keeps
            // one alert per plate and match, so the second entry's reason and note never reached anyone.
            var plate = Pipeline.Plates.Consensus.Watchlist.Normalise(Watchlist[i].PlateCharacters ?? "");
            if (plate.Length > 0 && !firstEntryOf.TryAdd(plate, i))
            {
                yield return new ValidationResult(
                    $"entry {i} ('{Watchlist[i].PlateCharacters}') names the plate of entry {firstEntryOf[plate]} ('{Watchlist[firstEntryOf[plate]].PlateCharacters}'): merge their reasons and notes into one entry.",
                    [$"{nameof(Watchlist)}:{i}:{nameof(WatchlistEntry.PlateCharacters)}"]);
            }

            if (Storage.PlateKey.ForeignCharacter(Watchlist[i].PlateCharacters ?? "") is { } foreign)
            {
                // Dropped when normalised, it would make the entry another plate: "29É 234.56" (VNI typing of E1) is 2923456.
                yield return new ValidationResult($"entry {i} ('{Watchlist[i].PlateCharacters}') holds '{foreign}', which no plate has: write it with A–Z, 0–9, Đ and the separators space, -, . and /.",
                    [$"{nameof(Watchlist)}:{i}:{nameof(WatchlistEntry.PlateCharacters)}"]);
            }
            else if (Pipeline.Plates.Consensus.Watchlist.Normalise(Watchlist[i].PlateCharacters ?? "").Length == 0)
            {
                yield return new ValidationResult($"entry {i} ('{Watchlist[i].PlateCharacters}') has no plate characters (A–Z, 0–9).",
                    [$"{nameof(Watchlist)}:{i}:{nameof(WatchlistEntry.PlateCharacters)}"]);
            }

            if (string.IsNullOrWhiteSpace(Watchlist[i].Reason))
            {
                yield return new ValidationResult($"entry {i} ('{Watchlist[i].PlateCharacters}') gives no reason: the officer alerted must know why it is listed (e.g. stolen, wanted).",
                    [$"{nameof(Watchlist)}:{i}:{nameof(WatchlistEntry.Reason)}"]);
            }
        }
    }
}
