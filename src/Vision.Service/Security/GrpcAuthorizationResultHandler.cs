using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.IdentityModel.Tokens;
using Vision.Service.Grpc;

namespace Vision.Service.Security;

/// <summary>
/// A gRPC call refused by authorization ends with a gRPC status, not a bare HTTP 401/403: UNAUTHENTICATED with the
/// reason the credentials failed (UNAUTHENTICATED, API_KEY_INVALID, TOKEN_EXPIRED, TOKEN_WRONG_AUDIENCE,
/// TOKEN_INVALID, …), or PERMISSION_DENIED ROLE_NOT_ALLOWED naming the roles the RPC allows. Pages keep the default.
/// </summary>
internal sealed partial class GrpcAuthorizationResultHandler(ILogger<GrpcAuthorizationResultHandler> logger) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded || !IsGrpc(context.Request))
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        var allowed = string.Join(",", policy.Requirements.OfType<Microsoft.AspNetCore.Authorization.Infrastructure.RolesAuthorizationRequirement>()
            .SelectMany(r => r.AllowedRoles));
        var method = context.Request.Path.Value ?? string.Empty;
        var caller = VisionCaller.From(context.User);
        Google.Rpc.Status status;
        if (authorizeResult.Forbidden && caller is not null)
        {
            RoleRefused(logger, LogText.Escape(caller.Id), caller.Source, method, allowed);
            status = Refusal(Code.PermissionDenied, "ROLE_NOT_ALLOWED",
                $"{method} needs one of the roles {allowed}; this {caller.Source} identity has none of them.", ("allowed_roles", allowed), ("identity", caller.Id));
        }
        else
        {
            var (reason, message) = Describe((await context.AuthenticateAsync()).Failure);
            CredentialsRefused(logger, method, reason, context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            status = Refusal(Code.Unauthenticated, reason, message, ("allowed_roles", allowed));
        }

        await WriteTrailersOnlyAsync(context, status);
    }

    public static bool IsGrpc(Microsoft.AspNetCore.Http.HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>A gRPC response with no messages: the status travels in the headers (gRPC's "trailers-only" form).</summary>
    public static Task WriteTrailersOnlyAsync(HttpContext context, Google.Rpc.Status status)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = status.Code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(status.Message);
        response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(status.ToByteArray());
        return response.CompleteAsync();
    }

    private static (string Reason, string Message) Describe(Exception? failure) => failure switch
    {
        null => ("UNAUTHENTICATED", "This call needs credentials: an API key (x-api-key), a bearer token or a client certificate."),
        CredentialRefusedException refusal => (refusal.Reason, refusal.Message),
        SecurityTokenExpiredException => ("TOKEN_EXPIRED", "The bearer token has expired."),
        SecurityTokenNotYetValidException => ("TOKEN_NOT_YET_VALID", "The bearer token is not valid yet."),
        SecurityTokenInvalidAudienceException => ("TOKEN_WRONG_AUDIENCE", "The bearer token was issued for another audience."),
        SecurityTokenInvalidIssuerException => ("TOKEN_WRONG_ISSUER", "The bearer token was issued by another identity provider."),
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => ("TOKEN_INVALID_SIGNATURE", "The bearer token's signature does not verify."),
        _ => ("CREDENTIALS_INVALID", "The credentials were refused."),
    };

    private static Google.Rpc.Status Refusal(Code code, string reason, string message, params (string Key, string Value)[] metadata)
    {
        var errorInfo = new ErrorInfo { Domain = ImageRejectionStatus.ErrorDomain, Reason = reason };
        foreach (var (key, value) in metadata)
        {
            errorInfo.Metadata[key] = value;
        }

        return new Google.Rpc.Status { Code = (int)code, Message = message, Details = { Any.Pack(errorInfo) } };
    }

    [LoggerMessage(EventId = 1610, Level = LogLevel.Warning, Message = "{Identity} ({Source}) refused {Method}: it needs one of the roles {AllowedRoles}")]
    private static partial void RoleRefused(ILogger logger, string identity, string source, string method, string allowedRoles);

    [LoggerMessage(EventId = 1611, Level = LogLevel.Warning, Message = "Unauthenticated call to {Method} refused ({Reason}) from {Remote}")]
    private static partial void CredentialsRefused(ILogger logger, string method, string reason, string remote);
}
