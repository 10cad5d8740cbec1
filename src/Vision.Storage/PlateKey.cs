namespace Vision.Storage;

/// <summary>Plates as the store indexes them: A–Z and 0–9 only, upper case ("75-h1 425.99" → "75H142599").</summary>
public static class PlateKey
{
    public static string Normalize(string plate) =>
        string.Concat(plate.Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant));
}
