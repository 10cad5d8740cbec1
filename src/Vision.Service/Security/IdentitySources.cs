namespace Vision.Service.Security;

/// <summary>How a caller proved who they are; the value of <see cref="VisionAuthentication.SourceClaimType"/>.</summary>
public static class IdentitySources
{
    /// <summary>A local account in the store, signed in with its password (cookie session).</summary>
    public const string LocalAccount = "local-account";

    /// <summary>A bearer token from the city's OpenID Connect identity provider.</summary>
    public const string OpenIdConnect = "oidc";

    /// <summary>An API key from <c>vision keys add</c>.</summary>
    public const string ApiKey = "api-key";

    /// <summary>A TLS client certificate issued by the configured gateway CA.</summary>
    public const string ClientCertificate = "client-certificate";

    /// <summary>An unauthenticated caller on the loopback interface of an embedded default set-up.</summary>
    public const string Loopback = "loopback";
}
