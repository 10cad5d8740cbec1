using Microsoft.Extensions.Options;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.Rules;
using Vision.Pipeline.Rules.Legal;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.StreetOrder;
using Vision.Storage;

namespace Vision.Service.Hosting;

/// <summary>
/// Street order (sidewalk encroachment, sidewalk parking lots, loose cattle): each camera whose scene has Sidewalk,
/// NoParking or Road zones gets a street-order stage beside its rules; its slow cases go to the same sink as the
/// rules' violations (evidence, store, review, delivery) and its sidewalk occupancy to the statistics store.
/// </summary>
public static class StreetOrderRegistration
{
    public static IServiceCollection AddVisionStreetOrder(this IServiceCollection services)
    {
        services.AddSingleton<ZoneOccupancyStore>();
        services.AddSingleton<ZoneOccupancyWriter>();
        services.AddSingleton<IZoneOccupancySink>(provider => provider.GetRequiredService<ZoneOccupancyWriter>());
        services.AddHostedService(provider => provider.GetRequiredService<ZoneOccupancyWriter>());
        services.AddSingleton(provider =>
        {
            // The rule stage's registration validated the same files and stops start-up on any problem.
            var options = provider.GetRequiredService<IOptions<RuleOptions>>().Value;
            var directory = options.ResolveSceneDirectory();
            var (legal, _) = LegalTable.Load(Path.Combine(directory, options.LegalTable));
            var classes = provider.GetRequiredService<StreamDetector>().Detector.Classes;
            var (scenes, _) = SceneCatalog.Load(provider.GetRequiredService<CameraRegistry>().All, directory, classes, options.HelmetModelAvailable);
            return new StreetOrderStageFactory(legal is null ? new Dictionary<string, Pipeline.Scenes.Scene>() : scenes, legal!,
                provider.GetRequiredService<IZoneOccupancySink>());
        });
        return services;
    }
}
