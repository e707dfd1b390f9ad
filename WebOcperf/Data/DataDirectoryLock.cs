using System.Globalization;

namespace WebOcperf.Data;

/// <summary>
/// One server per data directory. A second server on the same directory would take the first one's Running benchmarks
/// for a dead server's at its start-up recovery (signal their perf, mark them Interrupted) and then run queued jobs
/// alongside it. So the server holds an exclusive lock on <see cref="LockFileName"/> for its whole life: .NET opens a
/// file with <see cref="FileShare.None"/> under <c>flock(LOCK_EX | LOCK_NB)</c> on Unix, which the kernel releases
/// when the process ends however it ends (a SIGKILLed server leaves no stale lock). The descriptor is close-on-exec,
/// so perf and the workloads, which may outlive a crashed server, do not hold it. The pid goes to a separate file,
/// <see cref="PidFileName"/>, because a locked file cannot be read by the one refused.
/// </summary>
public sealed class DataDirectoryLock : IDisposable
{
    public const string LockFileName = "webocperf.lock";
    public const string PidFileName = "webocperf.pid";

    private readonly FileStream lockFile;
    private readonly string pidFile;

    private DataDirectoryLock(FileStream lockFile, string pidFile)
    {
        this.lockFile = lockFile;
        this.pidFile = pidFile;
    }

    /// <summary>Takes the lock of <paramref name="dataDirectory"/> (which must exist) and writes this process's pid.</summary>
    /// <exception cref="DataDirectoryInUseException">Another process holds it.</exception>
    public static DataDirectoryLock Acquire(string dataDirectory)
    {
        var lockPath = Path.Combine(dataDirectory, LockFileName);
        var pidPath = Path.Combine(dataDirectory, PidFileName);
        FileStream stream;
        try
        {
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new DataDirectoryInUseException(dataDirectory, ReadPid(pidPath), e);
        }
        File.WriteAllText(pidPath, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
        return new DataDirectoryLock(stream, pidPath);
    }

    private static int? ReadPid(string pidPath)
    {
        try
        {
            return int.TryParse(File.ReadAllText(pidPath).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                ? pid
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        // the pid file first: once the lock is free, a new server may already have written its own
        try
        {
            File.Delete(pidFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a stale pid file is harmless: it is only read when the lock is held, and then it is the holder's
        }
        lockFile.Dispose();
    }
}

/// <summary>The data directory is locked by another server, named by its pid when it wrote one.</summary>
public sealed class DataDirectoryInUseException(string dataDirectory, int? otherPid, Exception inner)
    : InvalidOperationException(
        $"Another WebOcperf server{(otherPid is { } pid ? $" (pid {pid})" : "")} is using the data directory '{dataDirectory}'. " +
        "Two servers on one directory would interrupt each other's runs: stop the other one, or give this one its own " +
        "directory with WebOcperf:DataDirectory (WebOcperf__DataDirectory).", inner)
{
    public int? OtherPid { get; } = otherPid;
}
