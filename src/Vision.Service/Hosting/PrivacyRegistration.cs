using Microsoft.Extensions.Options;
using Vision.Pipeline.Inference;
using Vision.Pipeline.Privacy;

namespace Vision.Service.Hosting;

/// <summary>The face detector and the redactor behind every copy shown outside the police (configuration <c>Vision:Privacy</c>).</summary>
public static class PrivacyRegistration
{
    public static IServiceCollection AddVisionPrivacy(this IServiceCollection services)
    {
        services.AddValidatedSection<FaceDetectorOptions>("Vision:Privacy:Faces");
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<FaceDetectorOptions>>().Value;
            return new FaceDetector(options, provider.SessionFor(options.ModelPath, options.Inference));
        });
        services.AddSingleton(provider => new PrivacyRedactor(provider.GetRequiredService<FaceDetector>()));
        return services;
    }
}
