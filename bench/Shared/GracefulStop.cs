using System.Diagnostics;
using System.Runtime.InteropServices;

namespace WebOcperf.Bench.Shared;

/// <summary>Stops a server process the way a user would: SIGTERM (the host shuts down and checkpoints SQLite), then SIGKILL.</summary>
public static class GracefulStop
{
    private const int SignalTerminate = 15;

    public static async Task StopAsync(Process process, TimeSpan timeout)
    {
        if (process.HasExited)
        {
            return;
        }
        _ = Kill(process.Id, SignalTerminate);
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    // DllImport rather than LibraryImport: the generated marshalling would need AllowUnsafeBlocks for two ints
    [DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);
}
