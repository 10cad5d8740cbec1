using Microsoft.Extensions.Options;
using Vision.Service.Security;
using Vision.Service.Web.Charts;
using Vision.Service.Web.Evidence;
using Vision.Service.Web.Live;
using Vision.Service.Web.Localization;
using Vision.Service.Web.Requests;
using Vision.Service.Web.ReportDesk;
using Vision.Service.Web.Reports;
using Vision.Service.Web.Review;
using Vision.Storage;

namespace Vision.Service.Web;

/// <summary>
/// The review desk and reports web app (Razor Pages under <c>Web/Pages</c>, configuration <c>Vision:Web</c>), served
/// by the same host over the same store and evidence. Vietnamese by default, English by the language switch's cookie.
/// </summary>
public static class WebRegistration
{
    public static IServiceCollection AddVisionWeb(this IServiceCollection services)
    {
        services.AddOptions<WebOptions>().BindConfiguration(WebOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRazorPages(options => options.RootDirectory = "/Web/Pages")
            .AddApplicationPart(typeof(WebRegistration).Assembly);
        services.AddSingleton<WebText>();
        services.AddSingleton<WebAssets>();
        services.AddSingleton<ReviewClaims>();
        services.AddSingleton<EvidenceVerdicts>();
        services.AddSingleton<ReviewDesk>();
        services.AddSingleton(provider => new DailyKindCounts(provider.GetRequiredService<ViolationDatabase>(), ReportPeriod.Zone));
        services.AddSingleton(provider => new ReportThumbnails(Path.GetFullPath(provider.GetRequiredService<IOptions<WebOptions>>().Value.ReportThumbnailDirectory)));
        return services;
    }

    public static WebApplication MapVisionWeb(this WebApplication app)
    {
        // Vietnamese first: only the officer's own choice (the cookie) switches to English, not the browser's language.
        app.UseWebLanguage();
        app.UseControlCharacterGuard();
        app.MapRazorPages();
        app.MapGet("/", () => Results.Redirect("/queue")).ExcludeFromDescription();
        app.MapGet("/assets/{name}", (string name, WebAssets assets, HttpContext context) => assets.Serve(name, context)).AllowAnonymous();
        app.MapGet("/language", SetLanguage).AllowAnonymous();
        app.MapGet("/evidence/{packageId}/{**file}", (string packageId, string file, EvidenceFolder evidence, HttpContext context) =>
            EvidenceFileEndpoint.Serve(packageId, file, evidence, context)).RequireAuthorization(Roles(WebRoles.Readers));
        app.MapGet("/live/violations", (HttpContext context, AlertLog alerts, CredentialCheck credentials, TimeProvider time, IHostApplicationLifetime lifetime) =>
            ViolationEventStream.StreamAsync(context, alerts, credentials, time, lifetime)).RequireAuthorization(Roles(WebRoles.Readers));
        app.MapGet("/charts/{name}.png", ChartEndpoint.RenderAsync).RequireAuthorization(Roles(WebRoles.StatisticsReaders));
        app.MapGet("/reports/{period}.{format}", PeriodicReportEndpoint.DownloadAsync).RequireAuthorization(Roles(WebRoles.StatisticsReaders));
        app.MapGet("/report-desk/thumbnails/{reportId}.jpg", (string reportId, ReportThumbnails thumbnails) =>
            thumbnails.PathOf(reportId) is { } path && File.Exists(path) ? Results.File(path, "image/jpeg") : Results.NotFound())
            .RequireAuthorization(Roles(WebRoles.Deciders));
        return app;
    }

    /// <summary>People reach the web app with their session cookie only (a loopback caller without one is sent to sign in).</summary>
    private static Action<Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder> Roles(string roles) =>
        policy => policy.AddAuthenticationSchemes(VisionAuthentication.CookieScheme).RequireRole(roles.Split(','));

    /// <summary>Stores the chosen language in the culture cookie for a year and goes back to the page (local addresses only).</summary>
    private static IResult SetLanguage(string culture, string? returnUrl, HttpContext context)
    {
        var chosen = culture == WebCultures.English ? WebCultures.English : WebCultures.Vietnamese;
        context.Response.Cookies.Append(WebCultures.CookieName, chosen,
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
        // The sign-in page's own check: a control character in the address would make the redirect throw.
        return Results.LocalRedirect(SignInEndpoints.LocalReturnUrl(returnUrl));
    }
}
