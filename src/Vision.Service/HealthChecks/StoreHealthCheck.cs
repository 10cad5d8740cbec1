using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vision.Storage;

namespace Vision.Service.HealthChecks;

/// <summary>Healthy when the violations store opens a connection and answers a query on its schema within the timeout.</summary>
public sealed class StoreHealthCheck(ViolationDatabase database, HealthOptions options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["provider"] = database.Dialect.Provider.ToString() };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.StoreTimeout);
        try
        {
            await using var connection = await database.OpenAsync(timeout.Token);
            var version = await connection.ExecuteScalarAsync<long?>(
                new CommandDefinition("SELECT MAX(version) FROM schema_version;", commandTimeout: (int)Math.Ceiling(options.StoreTimeout.TotalSeconds),
                    cancellationToken: timeout.Token));
            if (version is not { } schemaVersion)
            {
                return HealthCheckResult.Unhealthy("The store answers but has no schema.", data: data);
            }

            data["schema_version"] = schemaVersion;
            return HealthCheckResult.Healthy($"The {database.Dialect.Provider} store answers (schema version {schemaVersion}).", data);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The store did not answer within {options.StoreTimeout.TotalSeconds:0.#} s.", data: data);
        }
#pragma warning disable CA1031 // Whatever the driver throws, the answer is "unhealthy", with the reason.
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy($"The store does not answer: {error.Message}", error, data);
        }
    }
}
