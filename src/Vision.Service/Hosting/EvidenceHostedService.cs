using Microsoft.Extensions.Options;
using Vision.Evidence.Verification;
using Vision.Pipeline.Evidence;

namespace Vision.Service.Hosting;

/// <summary>
/// Runs the evidence recorder (builds packages off the camera loops; at shutdown builds what is still waiting) and
/// sweeps expired packages from the store, and clip working folders a killed process left, at start and every
/// <see cref="EvidenceOptions.RetentionSweepInterval"/>.
/// </summary>
public sealed partial class EvidenceHostedService(
    EvidenceRecorder recorder, LocalEvidenceStore store, EvidenceSigningKey key, TrustedKeys trustedKeys, IOptions<EvidenceOptions> options,
    TimeProvider time, ILogger<EvidenceHostedService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        EvidenceReady(logger, store.RootDirectory, key.KeyId, key.PemPath, key.WasCreated, trustedKeys.KeyIds.Count - 1);
        var recording = recorder.RunAsync(stoppingToken);
        var sweeping = SweepAsync(stoppingToken);
        // A recorder that stops before shutdown would leave every later violation unrecorded: fail the host loudly
        // (its exception surfaces here at once) rather than keep running without it.
        await await Task.WhenAny(recording, sweeping);
        await Task.WhenAll(recording, sweeping);
    }

    private async Task SweepAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RetentionSweepInterval, time);
        try
        {
            do
            {
                Sweep();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Sweep()
    {
        try
        {
            var sweep = store.SweepExpired();
            if (sweep.Deleted.Count > 0)
            {
                PackagesExpired(logger, sweep.Deleted.Count, options.Value.Retention);
            }

            foreach (var failure in sweep.Failed)
            {
                PackageNotExpired(logger, failure.PackageId, failure.Error);
            }

            if (H264ClipEncoder.SweepLeftovers(time.GetUtcNow()) is > 0 and var leftovers)
            {
                ClipFoldersRemoved(logger, leftovers);
            }
        }
        catch (IOException error)
        {
            SweepFailed(logger, error);
        }
        catch (UnauthorizedAccessException error)
        {
            SweepFailed(logger, error);
        }
    }

    [LoggerMessage(EventId = 6020, Level = LogLevel.Information,
        Message = "Evidence packages in {StoreDirectory}, signed with key {KeyId} from {KeyPath} (generated now: {Generated}); {RetiredKeys} retired keys still verify")]
    private static partial void EvidenceReady(ILogger logger, string storeDirectory, string keyId, string keyPath, bool generated, int retiredKeys);

    [LoggerMessage(EventId = 6021, Level = LogLevel.Information, Message = "Retention deleted {Count} evidence packages older than {Retention}")]
    private static partial void PackagesExpired(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(EventId = 6024, Level = LogLevel.Information, Message = "Removed {Count} clip working folders a stopped process left in the temporary folder")]
    private static partial void ClipFoldersRemoved(ILogger logger, int count);

    [LoggerMessage(EventId = 6025, Level = LogLevel.Error,
        Message = "Evidence package {PackageId} is past its retention but could not be removed; retried at the next interval")]
    private static partial void PackageNotExpired(ILogger logger, string packageId, Exception error);

    [LoggerMessage(EventId = 6022, Level = LogLevel.Error, Message = "Retention sweep of the evidence store failed; retried at the next interval")]
    private static partial void SweepFailed(ILogger logger, Exception error);
}
