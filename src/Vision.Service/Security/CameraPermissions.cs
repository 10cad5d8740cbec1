using System.Security.Claims;
using Google.Rpc;
using Grpc.Core;
using Vision.Service.Grpc;

namespace Vision.Service.Security;

/// <summary>A gateway credential streams only the cameras it names (<see cref="VisionRoles.CameraClaimType"/> claims).</summary>
public static class CameraPermissions
{
    public const string NotPermittedReason = "CAMERA_NOT_PERMITTED";

    public static bool MayStream(ClaimsPrincipal user, string cameraId) =>
        user.FindAll(VisionRoles.CameraClaimType).Any(c => c.Value == LoopbackAuthenticationHandler.AnyCamera || string.Equals(c.Value, cameraId, StringComparison.Ordinal));

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
