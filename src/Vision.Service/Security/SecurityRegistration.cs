using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;
using Vision.Storage;
using Vision.Storage.Accounts;

namespace Vision.Service.Security;

/// <summary>
/// Who may do what: authentication (session cookies for local accounts, bearer tokens from the identity provider,
/// API keys, gateway client certificates, and machine roles for credential-less loopback callers), authorization that
/// refuses anything not declared, anti-forgery, photo rate limits, TLS, and the refusal to serve plain HTTP on a network.
/// </summary>
public static class SecurityRegistration
{
    public static WebApplicationBuilder AddVisionSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var settings = builder.Configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LockoutPolicy>().BindConfiguration(LockoutPolicy.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SignInSessionOptions>().BindConfiguration(SignInSessionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(provider => new AccountStore(provider.GetRequiredService<ViolationDatabase>(),
            provider.GetRequiredService<IOptions<LockoutPolicy>>().Value, provider.GetRequiredService<ILogger<AccountStore>>()));
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<SignInSessionStore>();
        services.AddSingleton<KeyRingStore>();
        // One key ring for every node of the store, kept across restarts: cookies and forms of one node hold on the others.
        services.AddDataProtection().SetApplicationName("Vision");
        services.AddOptions<KeyManagementOptions>().Configure<KeyRingStore>((keys, store) => keys.XmlRepository = new StoreKeyRepository(store));
        services.AddSingleton<CredentialCheck>();

        NetworkExposure.EnsureSafe(builder.Configuration, settings);
        if (settings.AllowInsecureNetwork && NetworkExposure.InsecureNetworkUrls(builder.Configuration) is { Count: > 0 } exposed)
        {
            services.AddHostedService(provider => new InsecureNetworkWarning(exposed, provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<InsecureNetworkWarning>>()));
        }

        AddAuthentication(services, settings);
        services.AddAuthorizationBuilder()
            // Deny by default: an endpoint that declares nothing needs an authenticated caller.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, GrpcAuthorizationResultHandler>();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "vision.antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddPhotoRateLimits(settings.RateLimits);
        services.AddSignInRateLimits(settings.RateLimits);
        if (settings.Tls.Enabled)
        {
            AddTls(builder, settings);
        }

        return builder;
    }

    /// <summary>Authentication, authorization, anti-forgery and rate limits, in that order, before any endpoint runs.</summary>
    public static WebApplication UseVisionSecurity(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseRateLimiter();
        return app;
    }

    private static void AddAuthentication(IServiceCollection services, SecurityOptions settings)
    {
        var selector = new SchemeSelector(settings);
        var authentication = services.AddAuthentication(VisionAuthentication.DefaultScheme)
            .AddPolicyScheme(VisionAuthentication.DefaultScheme, "Vision", options => options.ForwardDefaultSelector = selector.Select)
            .AddCookie(VisionAuthentication.CookieScheme, _ => { })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AuthenticationSchemes.ApiKey, _ => { })
            .AddScheme<AuthenticationSchemeOptions, LoopbackAuthenticationHandler>(AuthenticationSchemes.Loopback, _ => { });
        services.AddOptions<CookieAuthenticationOptions>(VisionAuthentication.CookieScheme)
            .Configure<IOptions<SignInSessionOptions>>((cookie, session) =>
            {
                cookie.Cookie.Name = VisionAuthentication.SessionCookieName;
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

        if (settings.Jwt.Enabled)
        {
            var jwt = settings.Jwt;
            authentication.AddJwtBearer(AuthenticationSchemes.Jwt, options =>
            {
                options.Authority = jwt.Authority;
                options.Audience = jwt.Audience;
                options.RequireHttpsMetadata = jwt.RequireHttpsMetadata;
                options.MapInboundClaims = false;
                options.TokenValidationParameters.ValidAudience = jwt.Audience;
                options.TokenValidationParameters.ClockSkew = jwt.ClockSkew;
                options.TokenValidationParameters.RoleClaimType = ClaimTypes.Role;
                options.Events = new JwtBearerEvents { OnTokenValidated = context => JwtClaims.OnTokenValidated(context, jwt) };
            });
        }

        if (settings.ClientCertificates.Enabled)
        {
            var certificates = settings.ClientCertificates;
            authentication.AddCertificate(AuthenticationSchemes.ClientCertificate, options =>
            {
                options.AllowedCertificateTypes = CertificateTypes.Chained;
                options.ChainTrustValidationMode = X509ChainTrustMode.CustomRootTrust;
                options.CustomTrustStore.ImportFromPemFile(certificates.TrustedCaPath!);
                options.RevocationMode = X509RevocationMode.NoCheck;
                options.ValidateCertificateUse = true;
                options.Events = new CertificateAuthenticationEvents { OnCertificateValidated = context => GatewayCertificates.OnValidated(context, certificates) };
            });
        }
    }

    private static void AddTls(WebApplicationBuilder builder, SecurityOptions settings)
    {
        builder.Services.AddSingleton(provider => new TlsCertificateSource(settings.Tls, provider.GetRequiredService<ILogger<TlsCertificateSource>>()));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
        {
            var source = kestrel.ApplicationServices.GetRequiredService<TlsCertificateSource>();
            https.ServerCertificateSelector = (_, _) => source.Current;
            if (settings.ClientCertificates.Enabled)
            {
                // Asked for, not required (API-key clients have none); checked by the certificate scheme against the gateway CA.
                https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                https.AllowAnyClientCertificate();
            }
        }));
    }
}
