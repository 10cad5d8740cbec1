using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Authentication.Certificate;

namespace Vision.Service.Security;

/// <summary>A validated gateway certificate becomes a camera-gateway identity for the cameras configured for its common name.</summary>
internal static class GatewayCertificates
{
    public static Task OnValidated(CertificateValidatedContext context, ClientCertificateSettings settings)
    {
        var commonName = context.ClientCertificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        if (string.IsNullOrEmpty(commonName) || !settings.Gateways.TryGetValue(commonName, out var cameras))
        {
            context.Fail(new CredentialRefusedException("CERTIFICATE_NOT_REGISTERED",
                "The client certificate chains to the gateway CA but its common name is not in Vision:Security:ClientCertificates:Gateways."));
            return Task.CompletedTask;
        }

        var identity = new ClaimsIdentity(AuthenticationSchemes.ClientCertificate, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, "cert:" + commonName));
        identity.AddClaim(new Claim(VisionAuthentication.SourceClaimType, IdentitySources.ClientCertificate));
        identity.AddClaim(new Claim(VisionAuthentication.DisplayNameClaimType, commonName));
        identity.AddClaim(new Claim(ClaimTypes.Role, VisionRoles.CameraGateway));
        foreach (var camera in cameras)
        {
            identity.AddClaim(new Claim(VisionRoles.CameraClaimType, camera));
        }

        context.Principal = new ClaimsPrincipal(identity);
        context.Success();
        return Task.CompletedTask;
    }
}
