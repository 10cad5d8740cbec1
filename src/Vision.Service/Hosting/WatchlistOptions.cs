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
        for (var i = 0; i < Watchlist.Count; i++)
        {
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
        }
    }
}
