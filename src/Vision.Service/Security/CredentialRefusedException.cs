namespace Vision.Service.Security;

/// <summary>Why presented credentials were refused, with the stable reason code the gRPC error carries.</summary>
public sealed class CredentialRefusedException(string reason, string message) : Exception(message)
{
    public string Reason { get; } = reason;
}
