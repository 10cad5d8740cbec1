using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;

namespace Vision.Service.Tracing;

/// <summary>Refuses, at start-up, a tracing configuration the exporter could not use.</summary>
internal sealed class TracingOptionsValidation : IValidateOptions<TracingOptions>
{
    public ValidateOptionsResult Validate(string? name, TracingOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var problems = new List<string>();
        const string prefix = TracingOptions.Section + ":";
        if (options.OtlpEndpoint is not { IsAbsoluteUri: true } endpoint || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add($"{prefix}OtlpEndpoint must be an absolute http:// or https:// address of an OTLP collector when tracing is enabled.");
        }

        if (!Enum.IsDefined(options.OtlpProtocol))
        {
            problems.Add($"{prefix}OtlpProtocol must be {nameof(OtlpExportProtocol.Grpc)} or {nameof(OtlpExportProtocol.HttpProtobuf)}.");
        }

        if (options.OtlpHeaders is { Length: > 0 } headers
            && headers.Split(',').Any(pair => pair.Split('=', 2) is not [{ Length: > 0 } header, _] || string.IsNullOrWhiteSpace(header)))
        {
            problems.Add($"{prefix}OtlpHeaders must be name=value pairs separated by commas.");
        }

        if (options.ExportTimeout <= TimeSpan.Zero || options.ExportTimeout > TimeSpan.FromMinutes(5))
        {
            problems.Add($"{prefix}ExportTimeout must be more than zero and at most 5 minutes.");
        }

        if (double.IsNaN(options.SampleRatio) || options.SampleRatio is < 0 or > 1)
        {
            problems.Add($"{prefix}SampleRatio must be between 0 and 1.");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceName))
        {
            problems.Add($"{prefix}ServiceName must not be empty.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
