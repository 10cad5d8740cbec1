using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Vision.Pipeline.Evidence;

/// <summary>
/// An exclusive advisory lock on a lock file (flock(2) on Linux), held until disposed. Every acquisition opens its own
/// descriptor, so it excludes other threads of this process and other processes alike; the kernel releases it when a
/// holder dies. Elsewhere, a lock within this process only.
/// </summary>
internal sealed partial class ExclusiveFileLock : IDisposable
{
    private const int ReadWriteCreateCloseOnExec = 0x2 | 0x40 | 0x80000; // O_RDWR | O_CREAT | O_CLOEXEC
    private const int OwnerReadWrite = 0x180; // 0600
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;
    private const int Interrupted = 4; // EINTR
    private const int WouldBlock = 11; // EWOULDBLOCK

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> InProcessLocks = new(StringComparer.Ordinal);

    private readonly int _descriptor;
    private readonly SemaphoreSlim? _inProcess;

    private ExclusiveFileLock(int descriptor, SemaphoreSlim? inProcess)
    {
        _descriptor = descriptor;
        _inProcess = inProcess;
    }

    /// <summary>Waits until the lock on <paramref name="path"/> is free and takes it.</summary>
    /// <param name="waiting">Called (before waiting) when another holder has it.</param>
    public static ExclusiveFileLock Acquire(string path, Action? waiting = null)
    {
        if (!OperatingSystem.IsLinux())
        {
            var gate = InProcessLocks.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
            if (!gate.Wait(0))
            {
                waiting?.Invoke();
                gate.Wait();
            }

            return new ExclusiveFileLock(-1, gate);
        }

        var descriptor = Open(path, ReadWriteCreateCloseOnExec, OwnerReadWrite);
        if (descriptor < 0)
        {
            throw new IOException($"Cannot open lock file '{path}' (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (!TryLock(descriptor, LockExclusive | LockNonBlocking))
            {
                waiting?.Invoke();
                while (!TryLock(descriptor, LockExclusive))
                {
                }
            }

            return new ExclusiveFileLock(descriptor, null);
        }
        catch
        {
            _ = Close(descriptor);
            throw;
        }
    }

    public void Dispose()
    {
        if (_inProcess is not null)
        {
            _inProcess.Release();
            return;
        }

        _ = Close(_descriptor); // releases the lock
    }

    /// <summary>Whether the lock was taken: false when non-blocking and held elsewhere, or when a signal interrupted the wait (retry).</summary>
    private static bool TryLock(int descriptor, int operation)
    {
        if (Flock(descriptor, operation) == 0)
        {
            return true;
        }

        var error = Marshal.GetLastPInvokeError();
        return error is WouldBlock or Interrupted
            ? false
            : throw new IOException($"flock on a lock file failed (errno {error}).");
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int descriptor, int operation);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
