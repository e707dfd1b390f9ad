namespace WebOcperf.Tests.Infrastructure;

/// <summary>Looks for live processes by their command line, the way the tests check that nothing was left running.</summary>
public static class Processes
{
    /// <summary>Live (not zombie) processes whose command line contains <paramref name="text"/>.</summary>
    public static List<int> Mentioning(string text) =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => int.TryParse(name, out _))
            .Where(pid => pid != Environment.ProcessId.ToString() && ReadsAsLive(pid!, text))
            .Select(pid => int.Parse(pid!))
            .ToList();

    /// <summary>
    /// Waits until a live process mentions <paramref name="text"/> and returns them all. A workload that says it started
    /// a background process (<c>setsid sleep … &amp; echo started</c>) may print before the fork has exec'd: for that
    /// moment the child's command line is still its shell's.
    /// </summary>
    public static async Task<List<int>> WaitForMentioningAsync(string text, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var found = Mentioning(text);
            if (found.Count > 0 || DateTime.UtcNow > deadline)
            {
                return found;
            }
            await Task.Delay(20);
        }
    }

    /// <summary>The process group of a benchmark's perf, found while it runs: perf leads its own group.</summary>
    public static int GroupOf(Guid benchmarkId) =>
        Mentioning(benchmarkId.ToString("N")).Single(pid => GroupIdOf(pid) == pid);

    /// <summary>Live processes of a group: perf, the wrapper shell, and everything the workload started.</summary>
    public static List<int> InGroup(int groupId) =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Select(name => int.TryParse(name, out var pid) ? pid : 0)
            .Where(pid => pid > 0 && GroupIdOf(pid) == groupId && !IsZombie(pid))
            .ToList();

    private static int GroupIdOf(int pid)
    {
        try
        {
            // /proc/PID/stat: "pid (comm) state ppid pgrp …"; comm may hold spaces, so count from the last ')'
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[2]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return 0;
        }
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] == 'Z';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    private static bool ReadsAsLive(string pid, string text)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains(text)
                && File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] != "Z";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
