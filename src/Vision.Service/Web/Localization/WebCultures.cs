using System.Globalization;

namespace Vision.Service.Web.Localization;

/// <summary>The web app's languages: Vietnamese first (the default), English on request (a cookie set by the language switch).</summary>
public static class WebCultures
{
    public const string Vietnamese = "vi-VN";
    public const string English = "en-GB";

    public static IReadOnlyList<CultureInfo> Supported { get; } = [new(Vietnamese), new(English)];

    public static bool IsEnglish(CultureInfo culture) => culture.TwoLetterISOLanguageName == "en";
}
