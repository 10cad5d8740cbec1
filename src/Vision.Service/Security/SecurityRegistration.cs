using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Vision.Storage;
using Vision.Storage.Accounts;

namespace Vision.Service.Security;

/// <summary>Authentication (session cookies for local accounts), authorization with the <see cref="VisionRoles"/>, anti-forgery.</summary>
public static class SecurityRegistration
{
    public static IServiceCollection AddVisionSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LockoutPolicy>().BindConfiguration(LockoutPolicy.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SignInSessionOptions>().BindConfiguration(SignInSessionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(provider => new AccountStore(provider.GetRequiredService<ViolationDatabase>(),
            provider.GetRequiredService<IOptions<LockoutPolicy>>().Value, provider.GetRequiredService<ILogger<AccountStore>>()));

        services.AddAuthentication(VisionAuthentication.CookieScheme)
            .AddCookie(VisionAuthentication.CookieScheme, _ => { });
        services.AddOptions<CookieAuthenticationOptions>(VisionAuthentication.CookieScheme)
            .Configure<IOptions<SignInSessionOptions>>((cookie, session) =>
            {
                cookie.Cookie.Name = "vision.session";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = session.Value.IdleTimeout;
                cookie.SlidingExpiration = true;
                cookie.LoginPath = VisionAuthentication.SignInPath;
                cookie.LogoutPath = VisionAuthentication.SignOutPath;
                cookie.ReturnUrlParameter = "returnUrl";
                cookie.Events = new LocalSessionEvents();
            });
        services.AddAuthorization();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "vision.antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        return services;
    }

    /// <summary>Authentication, authorization and anti-forgery, in that order, before any endpoint runs.</summary>
    public static WebApplication UseVisionSecurity(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }
}
