using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Vision.Service.Security;
using Vision.Storage;
using Contract = Vision.Contracts.V1;

namespace Vision.Service.Grpc;

/// <summary>
/// vision.v1.Alerts: catch-up read of everything after the client's position, then live alerts. Each round takes the
/// in-process signal before reading the store, so an alert committed between the read and the wait wakes it; a poll
/// interval also picks up alerts written by other service instances on a shared PostgreSQL. The stream ends with
/// UNAVAILABLE when the service stops or the store cannot be read, so clients reconnect (to another instance) and resume.
/// </summary>
[Authorize(Roles = RpcRoles.ReviewReaders)]
public sealed partial class AlertsService(
    AlertLog alerts, CredentialCheck credentials, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<AlertsService> logger) : Contract.Alerts.AlertsBase
{
    private const int BatchSize = 200;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public override async Task Subscribe(Contract.SubscribeAlertsRequest request, IServerStreamWriter<Contract.Alert> responseStream, ServerCallContext context)
    {
        if (request.FromPosition < 0)
        {
            throw StreamErrors.Create(Code.InvalidArgument, "POSITION_INVALID", "from_position must be 0 or a position this service sent.");
        }

        var position = request.FromPosition;
        var caller = credentials.Watch(context.GetHttpContext().User);
        using var callOrShutdown = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        var cancellation = callOrShutdown.Token;
        try
        {
            // Positions are never reused nor removed: one past the newest was never sent (a store restored from a backup,
            // or another store), and reading after it skipped every alert up to it without a word.
            if (position > 0 && position > await alerts.LatestPositionAsync(cancellation))
            {
                throw StreamErrors.Create(Code.InvalidArgument, "POSITION_INVALID",
                    $"from_position {position} is past every alert this service sent; subscribe from 0 or from the last position received from this store.",
                    ("from_position", position.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            while (!cancellation.IsCancellationRequested)
            {
                if (!await caller.StandsAsync(cancellation))
                {
                    throw CredentialEnded(position);
                }

                var signalled = alerts.Signal.Next;
                var batch = await alerts.ReadAfterAsync(position, BatchSize, cancellation);
                foreach (var alert in batch)
                {
                    await responseStream.WriteAsync(AlertMapping.ToContract(alert), cancellation);
                    position = alert.Position;
                }

                if (batch.Count < BatchSize)
                {
                    await Task.WhenAny(signalled, Task.Delay(PollInterval, time, cancellation));
                }
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client went away; it resumes from the last position it received.
            return;
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
        }
        catch (System.Data.Common.DbException error)
        {
            // The store's error names its host or file: it goes to the log, not to the client.
            StoreUnavailable(logger, position, error);
            throw StreamErrors.Create(Code.Unavailable, "STORE_UNAVAILABLE",
                $"Alerts cannot be read from the store right now; reconnect with from_position {position}.",
                ("from_position", position.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        throw StreamErrors.Create(Code.Unavailable, "SERVICE_STOPPING",
            $"The service is stopping; reconnect with from_position {position}.",
            ("from_position", position.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static RpcException CredentialEnded(long position) =>
        StreamErrors.Create(Code.Unauthenticated, "CREDENTIAL_ENDED",
            $"The credential this stream was opened with was revoked, disabled, signed out or has expired; reconnect with a valid one and from_position {position}.",
            ("from_position", position.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    [LoggerMessage(EventId = 1910, Level = LogLevel.Warning, Message = "Alerts could not be read from the store after position {Position}; the subscriber was told to reconnect")]
    private static partial void StoreUnavailable(ILogger logger, long position, Exception error);
}
