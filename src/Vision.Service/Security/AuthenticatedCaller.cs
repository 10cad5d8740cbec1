using Grpc.Core;

namespace Vision.Service.Security;

/// <summary>The caller of a gRPC method that requires authentication ([Authorize] has already let it through).</summary>
public static class AuthenticatedCaller
{
    public static VisionCaller Of(ServerCallContext context) =>
        VisionCaller.From(context.GetHttpContext().User)
        ?? throw new InvalidOperationException($"{context.Method} ran without an authenticated caller: it must declare [Authorize].");
}
