using Vision.Domain.Plates;

namespace Vision.Storage;

/// <summary>
/// Plates as the store indexes them: A–Z and 0–9 only, upper case, Đ read as D like the readers and the watchlist do
/// ("75-h1 425.99" → "75H142599", "29-MĐ1 123.45" → "29MD112345").
/// </summary>
public static class PlateKey
{
    public static string Normalize(string plate) => PlateCharacters.Normalize(plate);
}
