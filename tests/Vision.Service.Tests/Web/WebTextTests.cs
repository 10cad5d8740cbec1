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

    [GeneratedRegex("""\b(?:T|text)(?:\[|\.Format\()"(?<text>[^"]+)"[\],]""")]
    private static partial Regex Lookup();
}
