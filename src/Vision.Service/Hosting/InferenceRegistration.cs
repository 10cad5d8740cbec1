using Microsoft.Extensions.Options;
using Vision.Pipeline.Inference;

namespace Vision.Service.Hosting;

/// <summary>The one place models are loaded: execution provider, device and run slots from <c>Vision:Inference</c>.</summary>
public static class InferenceRegistration
{
    public const string Section = "Vision:Inference";

    public static IServiceCollection AddVisionInference(this IServiceCollection services)
    {
        services.AddOptions<InferenceSettings>().BindConfiguration(Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(provider => new ModelSessions(
            ModelDirectory.Resolve(provider.GetRequiredService<IOptions<VisionOptions>>().Value.ModelDirectory),
            provider.GetRequiredService<IOptions<InferenceSettings>>().Value));
        return services;
    }

    /// <summary>The session of a model file, loaded (and logged) the first time any caller asks for it.</summary>
    public static ModelSession SessionFor(this IServiceProvider provider, string modelPath, InferenceOptions? modelOverride)
    {
        var sessions = provider.GetRequiredService<ModelSessions>();
        var loaded = sessions.Loaded.Count;
        var session = sessions.Get(modelPath, modelOverride);
        var logger = provider.GetRequiredService<ILogger<ModelSessions>>();
        if (sessions.Loaded.Count <= loaded)
        {
            return session;
        }

        session.OutputBindingAbandoned += error => ServiceLog.OutputBindingAbandoned(logger, session.Identity.Name, error);
        if (logger.IsEnabled(LogLevel.Information))
        {
            var metadata = session.Metadata;
            ServiceLog.ModelLoaded(logger, session.Identity.Name, session.Identity.Sha256,
                session.ExecutionProvider, session.Target.DeviceId, session.HostMemory, metadata.ProducerName, metadata.GraphName, metadata.Version, sessions.Budget.Slots);
        }

        return session;
    }
}
