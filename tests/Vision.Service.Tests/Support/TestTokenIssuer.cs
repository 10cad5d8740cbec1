using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Vision.Service.Tests.Support;

/// <summary>
/// A local OpenID Connect identity provider for the tests: serves discovery (<c>/.well-known/openid-configuration</c>)
/// and its signing keys (<c>/jwks</c>) on a loopback port, and signs tokens the way Keycloak does (RS256, kid, roles).
/// It can also sign expired tokens, tokens for another audience and tokens with a key it never published.
/// </summary>
public sealed class TestTokenIssuer : IAsyncDisposable
{
    public const string Audience = "vision";

    private readonly RSA _key = RSA.Create(2048);
    private readonly RSA _forgeryKey = RSA.Create(2048);
    private WebApplication? _app;

    public string Authority { get; private set; } = null!;

    /// <summary>Configuration arguments that make a Vision service trust this issuer.</summary>
    public IReadOnlyList<string> ServiceArguments =>
    [
        "--Vision:Security:Jwt:Authority", Authority,
        "--Vision:Security:Jwt:Audience", Audience,
        "--Vision:Security:Jwt:RequireHttpsMetadata", "false",
        "--Vision:Security:Jwt:ClockSkew", ClockSkew.ToString(),
    ];

    /// <summary>The skew the service allows for this issuer's clock: short, so tests can wait it out.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(10);

    public static async Task<TestTokenIssuer> StartAsync()
    {
        var issuer = new TestTokenIssuer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = issuer.Authority,
            ["jwks_uri"] = issuer.Authority + "/jwks",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["subject_types_supported"] = new[] { "public" },
            ["response_types_supported"] = new[] { "code" },
        }));
        app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(issuer._key.ExportParameters(false)) { KeyId = "test-key-1" });
            return Results.Json(new Dictionary<string, object>
            {
                ["keys"] = new[] { new Dictionary<string, string> { ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = jwk.Kid, ["n"] = jwk.N, ["e"] = jwk.E } },
            });
        });
        await app.StartAsync();
        issuer._app = app;
        issuer.Authority = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
        return issuer;
    }

    /// <summary>A valid token for a person (or a gateway with cameras) holding the given roles.</summary>
    public string Issue(string username, params string[] roles) => Sign(username, roles, DateTimeOffset.UtcNow.AddMinutes(10), Audience, _key);

    public string IssueExpiringAt(DateTimeOffset expires, string username, params string[] roles) => Sign(username, roles, expires, Audience, _key);

    public string IssueExpired(string username, params string[] roles) => Sign(username, roles, DateTimeOffset.UtcNow.AddMinutes(-10), Audience, _key);

    public string IssueForAudience(string audience, string username, params string[] roles) => Sign(username, roles, DateTimeOffset.UtcNow.AddMinutes(10), audience, _key);

    /// <summary>Signed with a key the issuer never published, under the published key's id.</summary>
    public string IssueForged(string username, params string[] roles) => Sign(username, roles, DateTimeOffset.UtcNow.AddMinutes(10), Audience, _forgeryKey);

    public string IssueWithClaims(IDictionary<string, object> claims) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Authority,
        Audience = Audience,
        IssuedAt = DateTime.UtcNow,
        NotBefore = DateTime.UtcNow.AddMinutes(-1),
        Expires = DateTime.UtcNow.AddMinutes(10),
        Claims = claims,
        SigningCredentials = new SigningCredentials(new RsaSecurityKey(_key) { KeyId = "test-key-1" }, SecurityAlgorithms.RsaSha256),
    });

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _key.Dispose();
        _forgeryKey.Dispose();
    }

    private string Sign(string username, string[] roles, DateTimeOffset expires, string audience, RSA key) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = audience,
            IssuedAt = expires.AddMinutes(-20).UtcDateTime,
            NotBefore = expires.AddMinutes(-20).UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                ["sub"] = "subject-" + username,
                ["preferred_username"] = username,
                ["name"] = "Cán bộ " + username,
                ["roles"] = roles,
            },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key) { KeyId = "test-key-1" }, SecurityAlgorithms.RsaSha256),
        });
}
