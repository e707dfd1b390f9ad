using System.IO.Pipes;
using System.Runtime.InteropServices;

namespace WebOcperf.Perf.Record;

/// <summary>
/// Enlarges the kernel buffer of a pipe (Linux <c>F_SETPIPE_SZ</c>). perf script writes its stdout in 4 KiB stdio
/// blocks; with the default 64 KiB pipe the reader has to wake up for nearly every block or perf script stalls, and
/// those wake-ups cost more than the parsing. With 1 MiB the reader can let data pile up and read it in large chunks.
/// </summary>
internal static class PipeCapacity
{
    /// <summary>The default limit for unprivileged processes (/proc/sys/fs/pipe-max-size).</summary>
    public const int Preferred = 1 << 20;

    private const int SetPipeSize = 1031;

    /// <returns>True if <paramref name="stream"/> is a pipe whose buffer now holds at least <paramref name="bytes"/>.</returns>
    public static bool TryEnlarge(Stream stream, int bytes)
    {
        SafeHandle? handle = stream switch
        {
            PipeStream pipe => pipe.SafePipeHandle,
            FileStream file => file.SafeFileHandle,
            _ => null,
        };
        if (handle is null || handle.IsInvalid || !OperatingSystem.IsLinux())
        {
            return false;
        }
        var addedReference = false;
        try
        {
            handle.DangerousAddRef(ref addedReference);
            // On anything but a pipe (a regular file, a tty) fcntl fails with EBADF/EINVAL and nothing changes.
            return Fcntl((int)handle.DangerousGetHandle(), SetPipeSize, bytes) >= bytes;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException or ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            if (addedReference)
            {
                handle.DangerousRelease();
            }
        }
    }

    [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static extern int Fcntl(int fd, int command, int argument);
}
