using Microsoft.Extensions.Options;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.Rules;
using Vision.Pipeline.Rules.Legal;
using Vision.Pipeline.Runtime;

namespace Vision.Service.Hosting;

/// <summary>
/// Violation rules (configuration <c>Vision:Rules</c>): the legal table and every enabled camera's scene are loaded
/// and validated when the camera pipelines are built at start-up, and each camera with a scene gets a rule stage.
/// Where a camera's violations go is composed per camera by <see cref="CameraStages"/>.
/// </summary>
public static partial class RuleRegistration
{
    public const string Section = "Vision:Rules";

    public static IServiceCollection AddVisionRules(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RuleOptions>().BindConfiguration(Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<RuleOptions>>().Value;
            var logger = provider.GetRequiredService<ILogger<RuleStageFactory>>();
            var directory = options.ResolveSceneDirectory();
            var (legal, legalProblems) = LegalTable.Load(Path.Combine(directory, options.LegalTable));
            var classes = provider.GetRequiredService<StreamDetector>().Detector.Classes;
            var cameras = provider.GetRequiredService<CameraRegistry>().All;
            var (scenes, sceneProblems) = SceneCatalog.Load(cameras, directory, classes, options.HelmetModelAvailable);
            var problems = legalProblems.Concat(sceneProblems.Select(p => p.ToString())).ToList();
            if (problems.Count > 0)
            {
                throw new OptionsValidationException(Section, typeof(RuleOptions), problems);
            }

            // A violation without a provision is still recorded (unmapped, for the officer), so a gap is a warning, not a refusal.
            var unmapped = LegalCoverage.Missing(legal!, new RuleClasses(classes, []));
            if (unmapped.Count > 0)
            {
                LegalTableIncomplete(logger, options.LegalTable, unmapped.Count, string.Join("; ", unmapped.Take(10)));
            }

            if (options.HelmetRuleUnavailableReason is { } reason)
            {
                HelmetRuleUnavailable(logger, reason);
            }

            foreach (var (cameraId, scene) in scenes)
            {
                SceneLoaded(logger, cameraId, scene.Id, scene.Version, scene.Sha256);
            }

            return new RuleStageFactory(scenes, legal!);
        });
        return services;
    }

    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning, Message = "The no-helmet rule is unavailable: {Reason}")]
    private static partial void HelmetRuleUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning,
        Message = "The legal table {LegalTable} has no provision for {Count} violations the rules can raise, among them: {Missing}")]
    private static partial void LegalTableIncomplete(ILogger logger, string legalTable, int count, string missing);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information,
        Message = "Camera {CameraId} runs the rules of scene {SceneId} version {SceneVersion} (sha256 {SceneSha256})")]
    private static partial void SceneLoaded(ILogger logger, string cameraId, string sceneId, int sceneVersion, string sceneSha256);
}
