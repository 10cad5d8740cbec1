using System.Globalization;
using Vision.Domain.Plates;

namespace Vision.Pipeline.Tests.Plates;

/// <summary>Reads as comparable lines: the characters and each character's confidence to four decimals.</summary>
public static class PlateReadTexts
{
    public static IEnumerable<string> Of(IEnumerable<PlateRead> reads) =>
        reads.Select(read => $"{read.Characters} {string.Join(' ', read.CharacterConfidences.Select(c => c.ToString("F4", CultureInfo.InvariantCulture)))}");
}
