using System.Runtime.InteropServices;

namespace WebOcperf.Running;

/// <summary>
/// Signals a whole process group. perf and its workload must be stopped together: signalling perf's pid alone leaves
/// the workload running (measured on perf 6.1), so perf is started as a group leader and the group is signalled.
/// </summary>
internal static partial class ProcessGroup
{
    public const int SigInt = 2;
    public const int SigKill = 9;

    /// <summary>Sends <paramref name="signal"/> to every process in group <paramref name="groupId"/>.</summary>
    /// <returns>False when the group no longer has any process.</returns>
    public static bool Signal(int groupId, int signal) => groupId > 0 && Kill(-groupId, signal) == 0;

    /// <summary>Sends <paramref name="signal"/> to the one process <paramref name="pid"/>; false when it has gone (or is not ours).</summary>
    public static bool SignalProcess(int pid, int signal) => pid > 0 && Kill(pid, signal) == 0;

    /// <summary>Whether any process (zombies included) is still in the group.</summary>
    public static bool IsAlive(int groupId) => Signal(groupId, 0);

    /// <summary>
    /// Whether a process of the group is still running, zombies not counted. With <c>-I</c>, perf exits without reaping
    /// its workload; the zombie stays in the group until init gets round to it (about a second in containers), and a
    /// run must not wait for that.
    /// </summary>
    public static bool HasRunningMembers(int groupId)
    {
        if (!IsAlive(groupId))
        {
            return false;
        }
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && ReadStat(pid) is { } stat
                && stat.GroupId == groupId && stat.State is not ('Z' or 'X'))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Waits, at most <paramref name="timeout"/>, until nothing of the group runs; false if something still does.</summary>
    public static async Task<bool> WaitUntilNoneRunAsync(int groupId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var poll = TimeSpan.FromMilliseconds(20);
        for (var waited = TimeSpan.Zero; waited < timeout && HasRunningMembers(groupId); waited += poll)
        {
            await Task.Delay(poll, cancellationToken);
        }
        return !HasRunningMembers(groupId);
    }

    /// <summary>A process's state letter and group from <c>/proc/PID/stat</c>; null when it has gone.</summary>
    private static (char State, int GroupId)? ReadStat(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so count from the last ')'
        var afterCommand = stat.LastIndexOf(')') + 2;
        if (afterCommand < 2 || afterCommand >= stat.Length)
        {
            return null;
        }
        var fields = stat[afterCommand..].Split(' ', 4);
        return fields.Length >= 3 && int.TryParse(fields[2], out var group) ? (fields[0][0], group) : null;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
