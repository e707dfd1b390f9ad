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

    /// <summary>Whether any process (zombies included) is still in the group.</summary>
    public static bool IsAlive(int groupId) => Signal(groupId, 0);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
