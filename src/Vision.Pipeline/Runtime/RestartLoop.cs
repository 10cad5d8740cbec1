namespace Vision.Pipeline.Runtime;

/// <summary>Runs one camera's task again after each failure, with exponential backoff, until it ends or is cancelled.</summary>
public static class RestartLoop
{
    public static async Task RunAsync(
        Func<CancellationToken, Task> work,
        SupervisorOptions options,
        TimeProvider time,
        Action<Exception, TimeSpan> onFailure,
        CancellationToken cancellationToken)
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

                onFailure(error, backoff);
                try
                {
                    await Task.Delay(backoff, time, cancellationToken);
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
