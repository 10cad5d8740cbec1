using System.Security.Claims;
using Google.Rpc;
using Grpc.Core;
using Vision.Service.Grpc;

namespace Vision.Service.Security;

/// <summary>A gateway credential streams only the cameras it names (<see cref="VisionRoles.CameraClaimType"/> claims).</summary>
public static class CameraPermissions
{
    public const string NotPermittedReason = "CAMERA_NOT_PERMITTED";

    /// <summary>
    /// Whether the credential names the camera. Only the loopback caller holds every camera: a <c>*</c> in a token's,
    /// key's or certificate's camera list (an identity provider's group mapper) names no camera.
    /// </summary>
    public static bool MayStream(ClaimsPrincipal user, string cameraId)
    {
        var holdsEveryCamera = user.HasClaim(VisionAuthentication.SourceClaimType, IdentitySources.Loopback);
        return user.FindAll(VisionRoles.CameraClaimType).Any(c =>
            string.Equals(c.Value, cameraId, StringComparison.Ordinal) || (holdsEveryCamera && c.Value == LoopbackAuthenticationHandler.AnyCamera));
    }

    /// <summary>PERMISSION_DENIED CAMERA_NOT_PERMITTED (metadata camera_id, identity) unless the credential names the camera.</summary>
    public static void RequireMayStream(ClaimsPrincipal user, string cameraId)
    {
        if (!MayStream(user, cameraId))
        {
            var caller = VisionCaller.From(user);
            throw StreamErrors.Create(Code.PermissionDenied, NotPermittedReason,
                $"This credential ({caller?.Source} {caller?.Id}) may not stream camera '{cameraId}': it names only the cameras its gateway serves.",
                ("camera_id", cameraId), ("identity", caller?.Id ?? string.Empty));
        }
    }
}
