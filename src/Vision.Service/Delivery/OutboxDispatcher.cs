using Microsoft.Extensions.Options;
using Vision.Storage;

namespace Vision.Service.Delivery;

/// <summary>
/// Sends due outbox reports to the report backend: a few at a time, each failure rescheduled with backoff and jitter,
/// dead-lettered after the configured attempts. A report is marked sent only after the backend answered; one the
/// backend got but whose answer was lost (timeout, killed process) is sent again with the same idempotency key, and
/// the backend deduplicates it. Reports are claimed with a lease, so several service instances sharing a PostgreSQL
/// store do not send the same report at the same time.
/// </summary>
public sealed partial class OutboxDispatcher(
    DeliveryOutbox outbox, ReviewStore review, IReportBackend backend, IOptions<DeliveryOptions> options, TimeProvider time,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private readonly DeliveryOptions _options = options.Value;
    private readonly DeliveryBackoff _backoff = new(options.Value.InitialBackoff, options.Value.MaxBackoff, Random.Shared);

    /// <summary>The longest a backend's <c>Retry-After</c> defers a report: a day, so a mistaken header cannot park it for ever.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromDays(1);

    /// <summary>How long a report waiting for an officer's decision is left before it is looked at again (a confirmation wakes it at once).</summary>
    public static readonly TimeSpan ReviewHold = TimeSpan.FromHours(6);

    /// <summary>Sends what is due now; returns how many reports were attempted.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        // The lease outlasts the batch's requests: a claimed report is not handed to another dispatcher while this one may still send it.
        var lease = (_options.RequestTimeout * 4) + TimeSpan.FromSeconds(5);
        var due = await outbox.ClaimDueAsync(_options.MaxConcurrentRequests, lease, cancellationToken);
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentRequests, CancellationToken = cancellationToken },
            async (delivery, token) => await DeliverAsync(delivery, token));
        return due.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await DispatchDueAsync(stoppingToken) > 0)
                {
                    continue;
                }

                await Task.Delay(_options.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (StoreErrors.IsUnavailable(exception))
            {
                // The database is unreachable for now; nothing was lost (the rows stay pending).
                StoreUnavailable(logger, exception);
                await Task.Delay(_options.PollInterval * 5, time, stoppingToken);
            }
#pragma warning disable CA1031 // A failed background service stops the host (and every camera with it); the rows stay pending.
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                DispatchFailed(logger, exception);
                await Task.Delay(_options.PollInterval * 5, time, stoppingToken);
            }
        }
    }

    /// <summary>
    /// One report, whatever happens to it, without cancelling the batch's other requests mid-flight: a row that cannot be
    /// read or a report that cannot be built is a failed attempt of this report; a store that cannot answer (before the
    /// send, or when the answer is recorded) costs no attempt: the lease runs out and the report is claimed again (sent
    /// again with its idempotency key if it had got through).
    /// </summary>
    private async Task DeliverAsync(DeliveryState delivery, CancellationToken cancellationToken)
    {
        try
        {
            await DeliverOrFailAsync(delivery, cancellationToken);
        }
        catch (Exception error) when (StoreErrors.IsUnavailable(error) && !cancellationToken.IsCancellationRequested)
        {
            StoreUnavailable(logger, error);
        }
    }

    private async Task DeliverOrFailAsync(DeliveryState delivery, CancellationToken cancellationToken)
    {
        ViolationRecord? violation;
        ViolationReport? report = null;
        try
        {
            violation = await review.GetAsync(delivery.ViolationId, cancellationToken);
            if (violation is not null && violation.Status != ReviewStatus.Rejected)
            {
                report = ViolationReport.Of(violation, _options);
            }
        }
        catch (Exception error) when (IsUnreadableReport(error))
        {
            // A row this version cannot read (a kind it does not know, damaged by hand): counted, dead-lettered at the last.
            await RecordFailureAsync(delivery, ReportSendResult.Failed($"{error.GetType().Name}: {error.Message}", retryable: true));
            return;
        }

        if (violation is null || time.GetUtcNow() >= delivery.NextAttemptAt)
        {
            // Gone, or the lease ran out before this dispatcher got to it: another may have claimed it meanwhile.
            return;
        }

        if (violation.Status == ReviewStatus.Pending && _options.Trigger != DeliveryTrigger.OnDetection)
        {
            // Queued at detection before the service was set to send confirmed violations only, or to queue nothing more
            // (Disabled sent that backlog unreviewed): an officer decides first.
            if (await outbox.HoldForReviewAsync(delivery, time.GetUtcNow() + ReviewHold, CancellationToken.None))
            {
                HeldForReview(logger, delivery.ViolationId);
            }

            return;
        }

        if (violation.Status == ReviewStatus.Rejected)
        {
            // Rejected as it was claimed: an officer's rejection is final, whatever is still queued.
            await outbox.CancelAsync(delivery.ViolationId, ReviewStore.RejectedInReview, CancellationToken.None);
            ReportCancelled(logger, delivery.ViolationId);
            return;
        }

        var result = await SendAsync(report!, cancellationToken);
        if (result.Delivered)
        {
            switch (await outbox.MarkSentAsync(delivery, result.RemoteId, CancellationToken.None))
            {
                case SentRecording.SentAfterCancellation:
                    SentAfterRejection(logger, delivery.ViolationId, result.RemoteId);
                    break;
                case SentRecording.NotWaiting:
                    SentAlreadyRecorded(logger, delivery.ViolationId);
                    break;
            }

            ReportSent(logger, delivery.ViolationId, delivery.Attempts + 1, result.RemoteId);
            return;
        }

        await RecordFailureAsync(delivery, result);
    }

    private static bool IsUnreadableReport(Exception error) =>
        !StoreErrors.IsUnavailable(error) && error is not OperationCanceledException;

    private async Task RecordFailureAsync(DeliveryState delivery, ReportSendResult result)
    {
        var attempts = delivery.Attempts + 1;
        var deadLetter = !result.Retryable || attempts >= _options.MaxAttempts;
        var wait = _backoff.After(attempts);
        if (result.RetryAfter is { } asked && asked > wait)
        {
            // The backend said when to come back (throttled, in maintenance): sooner only burns the attempts.
            wait = asked < MaxRetryAfter ? asked : MaxRetryAfter;
        }

        var next = time.GetUtcNow() + wait;
        if (!await outbox.MarkFailedAsync(delivery, result.Error ?? "unknown failure", next, deadLetter, CancellationToken.None))
        {
            return;
        }

        if (deadLetter)
        {
            ReportDeadLettered(logger, delivery.ViolationId, attempts, result.Error);
        }
        else
        {
            ReportFailed(logger, delivery.ViolationId, attempts, result.Error, next);
        }
    }

    /// <summary>The backend's answer, or any failure to get one as a failed attempt: one report's surprise must not stop the others.</summary>
    private async Task<ReportSendResult> SendAsync(ViolationReport report, CancellationToken cancellationToken)
    {
        try
        {
            return await backend.SendAsync(report, cancellationToken);
        }
#pragma warning disable CA1031 // Counted and retried with backoff like any failed attempt; dead-lettered after the last.
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return ReportSendResult.Failed($"{error.GetType().Name}: {error.Message}", retryable: true);
        }
    }

    [LoggerMessage(EventId = 3204, Level = LogLevel.Warning, Message = "Report for {ViolationId} not sent: the violation was rejected in review; its delivery is cancelled")]
    private static partial void ReportCancelled(ILogger logger, string violationId);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Warning, Message = "Report for {ViolationId} was delivered, but its delivery was already recorded as sent (another dispatcher's lease) or is gone")]
    private static partial void SentAlreadyRecorded(ILogger logger, string violationId);

    [LoggerMessage(EventId = 3208, Level = LogLevel.Warning,
        Message = "Report for {ViolationId} reached the backend (request {RemoteId}) after the violation was rejected in review: withdraw it there")]
    private static partial void SentAfterRejection(ILogger logger, string violationId, string? remoteId);

    [LoggerMessage(EventId = 3209, Level = LogLevel.Information,
        Message = "Report for {ViolationId} held until an officer confirms the violation (queued at detection; Trigger is OnConfirmation)")]
    private static partial void HeldForReview(ILogger logger, string violationId);

    [LoggerMessage(EventId = 3206, Level = LogLevel.Error, Message = "Outbox dispatch failed; retrying")]
    private static partial void DispatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3200, Level = LogLevel.Information, Message = "Report for {ViolationId} delivered on attempt {Attempt} (remote id {RemoteId})")]
    private static partial void ReportSent(ILogger logger, string violationId, int attempt, string? remoteId);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "Report for {ViolationId} failed on attempt {Attempt}: {Error}; next attempt at {NextAttempt}")]
    private static partial void ReportFailed(ILogger logger, string violationId, int attempt, string? error, DateTimeOffset nextAttempt);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Error, Message = "Report for {ViolationId} dead-lettered after {Attempts} attempts: {Error}")]
    private static partial void ReportDeadLettered(ILogger logger, string violationId, int attempts, string? error);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Error, Message = "Outbox unavailable; retrying")]
    private static partial void StoreUnavailable(ILogger logger, Exception exception);
}
