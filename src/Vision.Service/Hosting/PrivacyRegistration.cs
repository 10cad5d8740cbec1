using Microsoft.Extensions.Options;
using Vision.Pipeline.Inference;
using Vision.Pipeline.Privacy;

namespace Vision.Service.Hosting;

/// <summary>The face detector and the redactor behind every copy shown outside the police (configuration <c>Vision:Privacy</c>).</summary>
public static class PrivacyRegistration
{
    public static IServiceCollection AddVisionPrivacy(this IServiceCollection services)
    {
        services.AddOptions<FaceDetectorOptions>().BindConfiguration("Vision:Privacy:Faces").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(provider => new FaceDetector(
            provider.GetRequiredService<IOptions<FaceDetectorOptions>>().Value,
            ModelDirectory.Resolve(provider.GetRequiredService<IOptions<VisionOptions>>().Value.ModelDirectory)));
        services.AddSingleton(provider => new PrivacyRedactor(provider.GetRequiredService<FaceDetector>()));
        return services;
    }
}
