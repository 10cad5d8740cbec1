using Vision.Domain.Plates;

namespace Vision.Pipeline.Plates;

/// <summary>
/// One written form of Vietnamese plate. <see cref="Pattern"/> holds one class per normalised character: <c>N</c> a digit,
/// <c>L</c> a series letter; <see cref="Layout"/> is where the form naturally appears, used to break ties between forms
/// with the same pattern. <see cref="OnlySeries"/>, when set, is the one series the form is issued in.
/// </summary>
internal sealed record VietnamesePlateFormat(
    string Name,
    string Pattern,
    VietnamesePlateKind Kind,
    PlateLayout Layout,
    Func<string, string> Format,
    string? OnlySeries = null)
{
    public const char Digit = 'N';
    public const char Letter = 'L';

    /// <summary>The series: the characters after the two-digit area code up to the serial.</summary>
    public string SeriesOf(string normalized) => normalized[2..(Pattern.LastIndexOf(Letter) + 1)];
}
