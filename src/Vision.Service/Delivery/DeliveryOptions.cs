using System.ComponentModel.DataAnnotations;
using Vision.Domain.Violations;
using Vision.Storage;

namespace Vision.Service.Delivery;

/// <summary>Reports to the report backend (configuration section <c>Vision:Delivery</c>).</summary>
public sealed class DeliveryOptions : IValidatableObject
{
    public const string Section = "Vision:Delivery";

    /// <summary>Which violations become reports: confirmed by review (default) or every detection.</summary>
    public DeliveryTrigger Trigger { get; set; } = DeliveryTrigger.OnConfirmation;

    public DeliveryTarget Target { get; set; } = DeliveryTarget.None;

    /// <summary>The GeoReport v2 base URL, e.g. https://311.hue.gov.vn/open311/v2 (requests go to {base}/requests.json).</summary>
    public Uri? Open311BaseUrl { get; set; }

    /// <summary>The Open311 api_key, if the backend requires one.</summary>
    public string? Open311ApiKey { get; set; }

    /// <summary>Open311 service_code per violation kind; kinds not listed use <see cref="DefaultServiceCode"/>.</summary>
    public Dictionary<ViolationKind, string> ServiceCodes { get; set; } = [];

    public string DefaultServiceCode { get; set; } = "traffic_violation";

    /// <summary>Where the redacted evidence is published: media_url is {base}/{packageId}/redacted/overview.jpg.</summary>
    public Uri? PublicEvidenceBaseUrl { get; set; }

    public Uri? WebhookUrl { get; set; }

    /// <summary>
    /// Attempts before a report is dead-lettered. With the default backoff, 200 attempts span about a day (at least 16
    /// hours): a backend down for its maintenance window, or a night, loses nothing (10 attempts spanned 8–17 minutes).
    /// </summary>
    [Range(1, 1000)]
    public int MaxAttempts { get; set; } = 200;

    /// <summary>Wait after the first failure; doubles per failure up to <see cref="MaxBackoff"/>, with jitter.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long one request may take before it counts as failed (the backend may still have processed it).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the dispatcher looks for due reports.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Reports sent at once.</summary>
    [Range(1, 64)]
    public int MaxConcurrentRequests { get; set; } = 4;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Target == DeliveryTarget.Open311 && Open311BaseUrl is null)
        {
            yield return new ValidationResult("Vision:Delivery:Open311BaseUrl is required when Vision:Delivery:Target is Open311.", [nameof(Open311BaseUrl)]);
        }

        if (Target == DeliveryTarget.Webhook && WebhookUrl is null)
        {
            yield return new ValidationResult("Vision:Delivery:WebhookUrl is required when Vision:Delivery:Target is Webhook.", [nameof(WebhookUrl)]);
        }

        foreach (var (url, name) in new[] { (Open311BaseUrl, nameof(Open311BaseUrl)), (WebhookUrl, nameof(WebhookUrl)), (PublicEvidenceBaseUrl, nameof(PublicEvidenceBaseUrl)) })
        {
            // "hooks.example.org/vision" binds as a relative address: every report would fail (or never be sent).
            if (url is not null && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
            {
                yield return new ValidationResult($"Vision:Delivery:{name} must be an absolute http:// or https:// address (got '{url.OriginalString}').", [name]);
            }
        }

        if (InitialBackoff <= TimeSpan.Zero || MaxBackoff < InitialBackoff)
        {
            yield return new ValidationResult("Vision:Delivery: InitialBackoff must be positive and MaxBackoff at least InitialBackoff.", [nameof(InitialBackoff), nameof(MaxBackoff)]);
        }

        if (RequestTimeout <= TimeSpan.Zero || PollInterval <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Vision:Delivery: RequestTimeout and PollInterval must be positive.", [nameof(RequestTimeout), nameof(PollInterval)]);
        }
    }
}
