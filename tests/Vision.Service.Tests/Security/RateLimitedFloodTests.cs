using Google.Protobuf;
using Grpc.Core;
using Vision.Contracts.V1;
using Vision.Service.Security;
using Vision.Storage.Accounts;

namespace Vision.Service.Tests.Security;

/// <summary>
/// A report backend far over its photo budget, sending large photos many at a time on one connection: each call beyond
/// the budget is refused on its own with RESOURCE_EXHAUSTED; the connection, and with it the calls already admitted, survives.
/// </summary>
[Collection(SecuredServiceCollection.Name)]
public sealed class RateLimitedFloodTests(SecuredServiceFixture service)
{
    private const int CallsAtOnce = 200;
    private const int Waves = 3;

    [Fact]
    public async Task ManyLargeCallsOverTheBudget_AreEachRefused_AndNeverCostTheConnection()
    {
        var keys = service.Services.GetRequiredService<ApiKeyStore>();
        var (_, key) = await keys.AddAsync("flooding backend", VisionRoles.ReportBackend, [], CancellationToken.None);
        using var channel = service.Channel(header: ("x-api-key", key));
        var photos = new PhotoAnalysis.PhotoAnalysisClient(channel);
        // Not a photo: the calls within the budget reach the service and are refused as undecodable, quickly.
        var large = ByteString.CopyFrom(new byte[512 * 1024]);

        var outcomes = new List<StatusCode>();
        for (var wave = 0; wave < Waves; wave++)
        {
            outcomes.AddRange(await Task.WhenAll(Enumerable.Range(0, CallsAtOnce).Select(async _ =>
            {
                try
                {
                    await photos.AnalyzePhotoAsync(new AnalyzePhotoRequest { Image = large });
                    return StatusCode.OK;
                }
                catch (RpcException error)
                {
                    return error.StatusCode;
                }
            })));
        }

        var counts = outcomes.GroupBy(code => code).ToDictionary(group => group.Key, group => group.Count());
        Assert.True(counts.Keys.All(code => code is StatusCode.ResourceExhausted or StatusCode.InvalidArgument),
            "Outcomes: " + string.Join(", ", counts.Select(pair => $"{pair.Key} {pair.Value}")));
        Assert.InRange(counts.GetValueOrDefault(StatusCode.InvalidArgument), 1, SecuredServiceFixture.PhotoBurst);
    }
}
