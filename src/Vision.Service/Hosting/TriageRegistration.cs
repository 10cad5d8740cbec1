using Microsoft.Extensions.Options;
using Vision.Domain.Triage;
using Vision.Pipeline.Analysis;
using Vision.Pipeline.Inference;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Plates.Localization;
using Vision.Pipeline.Privacy;
using Vision.Pipeline.TrafficLights;
using Vision.Pipeline.Triage;

namespace Vision.Service.Hosting;

/// <summary>
/// Citizen photo triage (configuration <c>Vision:Triage</c>): the photo detectors, the plate stage's locator and
/// crop reader of the configured grammar (<c>Vision:Plates:Grammar</c>), the privacy redactor, the traffic-light colour reader, and the report photo index (the
/// violations store's, registered by <c>AddVisionStorage</c>).
/// </summary>
public static class TriageRegistration
{
    public const string Section = "Vision:Triage";

    public static IServiceCollection AddVisionTriage(this IServiceCollection services)
    {
        services.AddOptions<TriageOptions>().BindConfiguration(Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TriageOptions>, TriageOptionsValidation>();
        services.AddSingleton<IValidateOptions<TriageOptions>>(provider => new PhotoLimitValidation<TriageOptions>(
            provider.GetRequiredService<IConfiguration>(), Section + ":ImageLimits:MaxEncodedBytes", options => options.ImageLimits.MaxEncodedBytes));
        services.AddSingleton<ITrafficLightStateReader, PhotoTrafficLightReader>();
        services.AddSingleton(provider => new PhotoTriage(
            provider.GetRequiredService<IOptions<TriageOptions>>().Value,
            provider.GetRequiredService<DetectorSet>(),
            new PlatePhotoReader(
                new VehiclePlateFinder(provider.GetRequiredService<PlateModels>().Locator, null),
                provider.GetRequiredService<PlateModels>().CropReader),
            provider.GetRequiredService<PrivacyRedactor>(),
            provider.GetRequiredService<IReportPhotoIndex>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ITrafficLightStateReader>()));
        services.AddHostedService<TriageModelsLoading>();
        return services;
    }

    /// <summary>Loads triage's models at start-up, so a missing file stops the service, not the first report.</summary>
    private sealed class TriageModelsLoading(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            services.GetRequiredService<PhotoTriage>();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class TriageOptionsValidation : IValidateOptions<TriageOptions>
    {
        public ValidateOptionsResult Validate(string? name, TriageOptions options)
        {
            var problems = options.Problems();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
