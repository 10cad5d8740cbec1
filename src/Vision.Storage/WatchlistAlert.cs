using System.Text.Json;
using Vision.Domain.Plates.Consensus;

namespace Vision.Storage;

/// <summary>The details of a watchlist-hit alert, as kept in the alert's payload.</summary>
public sealed record WatchlistAlert(string ListedPlate, string Reason, string? Note, WatchlistMatchKind MatchKind, int EditDistance, long TrackId, long Sequence)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static WatchlistAlert Of(WatchlistHit hit, long trackId, long sequence) =>
        new(hit.Entry.PlateCharacters, hit.Entry.Reason, hit.Entry.Note, hit.Kind, hit.EditDistance, trackId, sequence);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static WatchlistAlert? FromJson(string? json) => json is null ? null : JsonSerializer.Deserialize<WatchlistAlert>(json, Json);
}
