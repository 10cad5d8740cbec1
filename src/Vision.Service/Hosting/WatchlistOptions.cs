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
            if (Pipeline.Plates.Consensus.Watchlist.Normalise(Watchlist[i].PlateCharacters ?? "").Length == 0)
            {
                yield return new ValidationResult($"entry {i} ('{Watchlist[i].PlateCharacters}') has no plate characters (A–Z, 0–9).",
                    [$"{nameof(Watchlist)}:{i}:{nameof(WatchlistEntry.PlateCharacters)}"]);
            }
        }
    }
}
