namespace Vision.Pipeline.Runtime;

/// <summary>Runs one camera's task again after each failure, with exponential backoff, until it ends or is cancelled.</summary>
public static class RestartLoop
{
    /// <param name="draining">
    /// Cancelled when the service begins to stop and waits for the work to finish what it took: a restart waiting out a
    /// long backoff then starts at once (later ones wait <see cref="SupervisorOptions.InitialBackoff"/> at most), so the
    /// frames it accepted are drained instead of dropped when the drain's time is up.
    /// </param>
    public static async Task RunAsync(
        Func<CancellationToken, Task> work,
        SupervisorOptions options,
        TimeProvider time,
        Action<Exception, TimeSpan> onFailure,
        CancellationToken cancellationToken,
        CancellationToken draining = default)
    {
        var backoff = options.InitialBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            var started = time.GetTimestamp();
            try
            {
                await work(cancellationToken);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                if (time.GetElapsedTime(started) >= options.HealthyRunResetsBackoff)
                {
                    backoff = options.InitialBackoff;
                }

                var alreadyDraining = draining.IsCancellationRequested;
                var wait = alreadyDraining && backoff > options.InitialBackoff ? options.InitialBackoff : backoff;
                onFailure(error, wait);
                using var waitEnds = alreadyDraining
                    ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken)
                    : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, draining);
                try
                {
                    await Task.Delay(wait, time, waitEnds.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // The drain began during the wait: restart now.
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.MaxBackoff.Ticks));
            }
        }
    }
}
