namespace WebOcperf.Running;

/// <summary>
/// The free-space check before a run: a recording writes up to WebOcperf:MaxRecordingBytes (perf record with dwarf call
/// graphs writes about 100 MB/s), and a full disk also breaks the database. A run does not start when the data
/// directory's file system has less than WebOcperf:MinFreeDiskBytes available to this user.
/// </summary>
public static class FreeSpace
{
    /// <summary>Bytes available to this (unprivileged) user on the file system holding <paramref name="directory"/>.</summary>
    public static long AvailableBytes(string directory) => new DriveInfo(directory).AvailableFreeSpace;

    /// <summary>Why a run must not start for lack of space, or null when there is enough.</summary>
    public static string? Problem(string directory, long availableBytes, long minimumBytes) =>
        availableBytes >= minimumBytes
            ? null
            : $"only {Describe(availableBytes)} is free where the results go ({directory}), less than the " +
              $"{Describe(minimumBytes)} WebOcperf:MinFreeDiskBytes asks for; free some space (or delete old benchmarks) and run it again";

    /// <summary>Why a run must not start on <paramref name="directory"/>'s file system, or null.</summary>
    public static string? Check(string directory, long minimumBytes) =>
        minimumBytes <= 0 ? null : Problem(directory, AvailableBytes(directory), minimumBytes);

    public static string Describe(long bytes) => bytes switch
    {
        >= 1L << 40 => $"{bytes / (double)(1L << 40):0.#} TiB",
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.#} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.#} MiB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.#} KiB",
        _ => $"{bytes} bytes",
    };
}
