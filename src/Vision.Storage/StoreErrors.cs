namespace Vision.Storage;

/// <summary>How the store fails when it cannot answer right now (a failover, a locked database, a timed-out command).</summary>
public static class StoreErrors
{
    /// <summary>A failure of the store's availability, which asking again later may mend (not one of the data).</summary>
    public static bool IsUnavailable(Exception error) => error is System.Data.Common.DbException or TimeoutException;
}
