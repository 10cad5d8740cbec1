using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace Vision.Pipeline.Tests.Support;

/// <summary>
/// Runs a check as a reader without root's privileges over files: on a thread of its own that, when the tests run as
/// root, drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (Linux keeps capabilities per thread), so the files' permission
/// bits apply to it as to their owner. Run as another user, they apply already.
/// </summary>
internal static class UnprivilegedReader
{
    private const uint CapabilityVersion3 = 0x20080522;
    private const int DacOverride = 1;
    private const int DacReadSearch = 2;

    public static T Run<T>(Func<T> check)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                DropFilePermissionOverrides();
                result = check();
            }
#pragma warning disable CA1031 // Rethrown on the caller's thread.
            catch (Exception error)
#pragma warning restore CA1031
            {
                failure = ExceptionDispatchInfo.Capture(error);
            }
        });
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    private static void DropFilePermissionOverrides()
    {
        var header = new CapabilityHeader { Version = CapabilityVersion3, Pid = 0 };
        var data = new CapabilityData[2];
        if (CapabilityGet(ref header, data) != 0)
        {
            throw new InvalidOperationException($"capget failed: errno {Marshal.GetLastPInvokeError()}");
        }

        data[0].Effective &= ~((1u << DacOverride) | (1u << DacReadSearch));
        if (CapabilitySet(ref header, data) != 0)
        {
            throw new InvalidOperationException($"capset failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct CapabilityHeader
    {
        public uint Version;
        public int Pid;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct CapabilityData
    {
        public uint Effective;
        public uint Permitted;
        public uint Inheritable;
    }

    [DllImport("libc", EntryPoint = "capget", SetLastError = true)]
    private static extern int CapabilityGet(ref CapabilityHeader header, [In, Out] CapabilityData[] data);

    [DllImport("libc", EntryPoint = "capset", SetLastError = true)]
    private static extern int CapabilitySet(ref CapabilityHeader header, [In] CapabilityData[] data);
}
