using Microsoft.Extensions.Options;
using Vision.Service.Delivery;

namespace Vision.Service.Hosting;

public static class DeliveryRegistration
{
    /// <summary>The outbox dispatcher and the configured report backend (Vision:Delivery); nothing runs when the target is None.</summary>
    public static IServiceCollection AddVisionDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        var target = configuration.GetValue(DeliveryOptions.Section + ":Target", DeliveryTarget.None);
        if (target == DeliveryTarget.None)
        {
            return services;
        }

        // Redirects are an answer to report, not to follow: a redirected POST is repeated as a GET without the report.
        services.AddHttpClient(nameof(IReportBackend), client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<IReportBackend>(provider =>
        {
            var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(IReportBackend));
            var options = provider.GetRequiredService<IOptions<DeliveryOptions>>().Value;
            return target == DeliveryTarget.Open311 ? new Open311ReportBackend(http, options) : new WebhookReportBackend(http, options);
        });
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<OutboxDispatcher>());
        return services;
    }
}
