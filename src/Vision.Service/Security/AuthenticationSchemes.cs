namespace Vision.Service.Security;

/// <summary>The scheme names behind <see cref="VisionAuthentication.DefaultScheme"/>.</summary>
internal static class AuthenticationSchemes
{
    public const string ApiKey = "Vision.ApiKey";
    public const string Jwt = "Vision.Jwt";
    public const string ClientCertificate = "Vision.ClientCertificate";
    public const string Loopback = "Vision.Loopback";

    /// <summary>The request header that carries an API key (also accepted: <c>authorization: ApiKey vk_…</c> or <c>Bearer vk_…</c>).</summary>
    public const string ApiKeyHeader = "x-api-key";
}
