using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Vision.Pipeline.Analysis;
using Vision.Pipeline.Inference;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Plates.Localization;
using Vision.Pipeline.Privacy;
using Vision.Pipeline.Triage;

namespace Vision.Service.Hosting;

/// <summary>
/// Citizen photo triage (configuration <c>Vision:Triage</c>): the photo detectors, the plate locator of the plate
/// stage with its own fast-plate-ocr session, the privacy redactor, and the report photo index. Until the store
/// registers its database-backed <see cref="IReportPhotoIndex"/>, an in-memory one stands in.
/// </summary>
public static class TriageRegistration
{
    public const string Section = "Vision:Triage";

    public static IServiceCollection AddVisionTriage(this IServiceCollection services)
    {
        services.AddOptions<TriageOptions>().BindConfiguration(Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TriageOptions>, TriageOptionsValidation>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IReportPhotoIndex>(provider =>
            new InMemoryReportPhotoIndex(provider.GetRequiredService<IOptions<TriageOptions>>().Value, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(provider => new TriagePlateReader(new FastPlateOcrReader(
            Path.Combine(ModelDirectory.Resolve(provider.GetRequiredService<IOptions<VisionOptions>>().Value.ModelDirectory), "fast_plate_ocr_cct_xs_v1_global.onnx"),
            provider.GetRequiredService<IConfiguration>().GetSection("Vision:Plates:Inference").Get<InferenceOptions>() ?? new InferenceOptions())));
        services.AddSingleton(provider => new PhotoTriage(
            provider.GetRequiredService<IOptions<TriageOptions>>().Value,
            provider.GetRequiredService<DetectorSet>(),
            new VehiclePlateFinder(provider.GetRequiredService<PlateModels>().Locator, null),
            provider.GetRequiredService<TriagePlateReader>().Reader,
            provider.GetRequiredService<PrivacyRedactor>(),
            provider.GetRequiredService<IReportPhotoIndex>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ITrafficLightStateReader>()));
        services.AddHostedService<TriageModelsLoading>();
        return services;
    }

    /// <summary>The fast-plate-ocr session triage reads plates with (the plate stage keeps its own inside <see cref="PlateModels"/>).</summary>
    private sealed class TriagePlateReader(FastPlateOcrReader reader) : IDisposable
    {
        public FastPlateOcrReader Reader { get; } = reader;

        public void Dispose() => Reader.Dispose();
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
