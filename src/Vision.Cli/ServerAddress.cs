namespace Vision.Cli;

/// <summary>Where the command line may send a credential.</summary>
internal static class ServerAddress
{
    /// <summary>
    /// Whether a credential sent to <paramref name="server"/> would cross the network unencrypted: plain http to
    /// another machine (the service itself refuses plain-http token discovery beyond loopback for the same reason).
    /// </summary>
    public static bool SendsSecretsInClear(string server) =>
        Uri.TryCreate(server, UriKind.Absolute, out var address) && address.Scheme == Uri.UriSchemeHttp && !address.IsLoopback;
}
