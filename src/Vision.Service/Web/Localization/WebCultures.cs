using System.Globalization;

namespace Vision.Service.Web.Localization;

/// <summary>
/// The web app's languages: Vietnamese first (the default), English on request (the <see cref="CookieName"/> cookie the
/// language switch sets). The service runs in invariant-globalization mode (no ICU), so each language is a copy of the
/// invariant culture with its own number formatting (Vietnamese: 1.234,5 and 12,5 %), chosen per request.
/// </summary>
public static class WebCultures
{
    public const string CookieName = "vision.language";
    public const string Vietnamese = "vi";
    public const string English = "en";

    public static CultureInfo VietnameseCulture { get; } = Create(groupSeparator: ".", decimalSeparator: ",");

    public static CultureInfo EnglishCulture { get; } = Create(groupSeparator: ",", decimalSeparator: ".");

    public static bool IsEnglish(CultureInfo culture) => ReferenceEquals(culture, EnglishCulture);

    public static CultureInfo For(string? language) => language == English ? EnglishCulture : VietnameseCulture;

    /// <summary>Sets the request's culture from the language cookie before the page runs.</summary>
    public static IApplicationBuilder UseWebLanguage(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var culture = For(context.Request.Cookies[CookieName]);
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            return next(context);
        });

    private static CultureInfo Create(string groupSeparator, string decimalSeparator)
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberGroupSeparator = groupSeparator;
        culture.NumberFormat.NumberDecimalSeparator = decimalSeparator;
        culture.NumberFormat.PercentGroupSeparator = groupSeparator;
        culture.NumberFormat.PercentDecimalSeparator = decimalSeparator;
        culture.NumberFormat.PercentPositivePattern = 0;
        return CultureInfo.ReadOnly(culture);
    }
}
