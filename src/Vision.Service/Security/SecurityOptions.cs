using System.ComponentModel.DataAnnotations;

namespace Vision.Service.Security;

/// <summary>Who may reach the service and how callers prove who they are (configuration <c>Vision:Security</c>).</summary>
public sealed class SecurityOptions : IValidatableObject
{
    public const string Section = "Vision:Security";

    /// <summary>
    /// Lets the service listen on a non-loopback address without TLS (plain HTTP/2). Never on a real network: every
    /// password, key and token crosses it in clear. Logged as a warning every minute while in effect.
    /// </summary>
    public bool AllowInsecureNetwork { get; set; }

    private static readonly string[] DefaultLoopbackRoles = [VisionRoles.CameraGateway, VisionRoles.ReportBackend];

    /// <summary>
    /// The roles of a caller on the loopback interface that presents no credentials; unset: camera-gateway and
    /// report-backend (the embedded default: the sample camera's gateway and `vision analyze` work without set-up).
    /// Configured roles replace the default (a default list would be appended to by the configuration binder). Review,
    /// decisions, cases and statistics always need a real identity. To give none, as behind a reverse proxy on the same
    /// machine, set <see cref="AllowLoopbackWithoutCredentials"/> to false.
    /// </summary>
    public string[]? LoopbackRoles { get; set; }

    /// <summary>Whether credential-less loopback callers get <see cref="LoopbackRoles"/> at all (false: everyone needs credentials).</summary>
    public bool AllowLoopbackWithoutCredentials { get; set; } = true;

    /// <summary>The roles a credential-less loopback caller is given (none when that is not allowed).</summary>
    public IReadOnlyList<string> GrantedLoopbackRoles => AllowLoopbackWithoutCredentials ? LoopbackRoles ?? DefaultLoopbackRoles : [];

    public JwtBearerSettings Jwt { get; set; } = new();

    public TlsSettings Tls { get; set; } = new();

    public ClientCertificateSettings ClientCertificates { get; set; } = new();

    public RateLimitSettings RateLimits { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var role in GrantedLoopbackRoles.Where(r => !VisionRoles.All.Contains(r)))
        {
            yield return new ValidationResult($"Vision:Security:LoopbackRoles names an unknown role '{role}' (known: {string.Join(", ", VisionRoles.All)}).");
        }

        if (GrantedLoopbackRoles.Any(r => r is VisionRoles.Officer or VisionRoles.Supervisor or VisionRoles.Administrator or VisionRoles.Auditor))
        {
            yield return new ValidationResult("Vision:Security:LoopbackRoles may only hold machine roles (camera-gateway, report-backend): people always sign in.");
        }

        foreach (var result in Jwt.Validate().Concat(Tls.Validate()).Concat(ClientCertificates.Validate(Tls)).Concat(RateLimits.Validate()))
        {
            yield return result;
        }
    }
}
