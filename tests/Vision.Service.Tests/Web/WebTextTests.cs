using System.Text.RegularExpressions;
using Vision.Pipeline.Tests.Support;
using Vision.Service.Web.Localization;

namespace Vision.Service.Tests.Web;

public sealed partial class WebTextTests
{
    /// <summary>Every text the pages and charts look up has its Vietnamese wording: Vietnamese is the default language.</summary>
    [Fact]
    public void EveryTextTheWebAppShows_HasAVietnameseTranslation()
    {
        var folder = Path.Combine(TestAssets.RepositoryRoot, "src", "Vision.Service", "Web");
        var texts = Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
            .Where(file => file.EndsWith(".cshtml", StringComparison.Ordinal) || file.EndsWith(".cs", StringComparison.Ordinal))
            .SelectMany(file => Lookup().Matches(File.ReadAllText(file)).Select(match => match.Groups["text"].Value))
            .Distinct()
            .ToList();

        Assert.True(texts.Count > 150, $"only {texts.Count} texts found: the lookup pattern no longer matches the pages");
        var untranslated = texts.Where(text => !WebText.HasVietnamese(text)).ToList();
        Assert.True(untranslated.Count == 0, "no Vietnamese for: " + string.Join(" | ", untranslated));
    }

    [Fact]
    public void NumbersFollowTheChosenLanguage()
    {
        Assert.Equal("10.002", 10_002.ToString("N0", WebCultures.VietnameseCulture));
        Assert.Equal("12,5 %", 0.125.ToString("P1", WebCultures.VietnameseCulture));
        Assert.Equal("10,002", 10_002.ToString("N0", WebCultures.EnglishCulture));
        Assert.Same(WebCultures.VietnameseCulture, WebCultures.For(null));
        Assert.Same(WebCultures.EnglishCulture, WebCultures.For("en"));
    }

    [Fact]
    public void TheLawIsNamedInThePagesLanguage()
    {
        // The shipped table names its instrument in English: the Vietnamese violation page showed "Decree 168/2024/NĐ-CP".
        var legal = new Vision.Domain.Violations.LegalReference("Decree 168/2024/NĐ-CP", 7, 7, "c", new Vision.Domain.Violations.FineRange(4_000_000, 6_000_000));
        var text = new WebText();
        var before = System.Globalization.CultureInfo.CurrentUICulture;
        try
        {
            System.Globalization.CultureInfo.CurrentUICulture = WebCultures.VietnameseCulture;
            Assert.Equal("Nghị định 168/2024/NĐ-CP", text.Instrument(legal));
            Assert.Equal("Nghị định 168/2024/NĐ-CP", text.Instrument(legal with { Instrument = "168/2024/NĐ-CP" }));
            Assert.Equal("Thông tư 79/2024/TT-BCA", text.Instrument(legal with { Instrument = "Thông tư 79/2024/TT-BCA" }));
            System.Globalization.CultureInfo.CurrentUICulture = WebCultures.EnglishCulture;
            Assert.Equal("Decree 168/2024/NĐ-CP", text.Instrument(legal));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = before;
        }
    }

    [GeneratedRegex("""\b(?:T|text)(?:\[|\.Format\()"(?<text>[^"]+)"[\],]""")]
    private static partial Regex Lookup();
}
