using System.Globalization;

namespace WebOcperf.Bench.Shared;

/// <summary>Reads a process's CPU time and memory from /proc.</summary>
public static class ProcStat
{
    // USER_HZ: /proc/<pid>/stat counts clock ticks of 1/100 s on Linux (getconf CLK_TCK = 100 on this machine)
    private const double TicksPerSecond = 100;

    public static TimeSpan CpuTime(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // the command name (field 2) may contain spaces; the fields after its closing parenthesis start at field 3
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var utime = long.Parse(fields[14 - 3], CultureInfo.InvariantCulture);
        var stime = long.Parse(fields[15 - 3], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds((utime + stime) / TicksPerSecond);
    }

    public static long RssBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kib = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kib, CultureInfo.InvariantCulture) * 1024;
            }
        }
        return 0;
    }
}

/// <summary>
/// The whole machine's CPU use from /proc/stat, to tell how much other processes disturbed a measurement
/// (the bench machine is shared).
/// </summary>
public readonly record struct MachineCpu(long Busy, long Total)
{
    public static MachineCpu Now()
    {
        // "cpu  user nice system idle iowait irq softirq steal ..." in ticks; idle and iowait are not busy
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Take(8).Sum();
        return new MachineCpu(total - fields[3] - fields[4], total);
    }

    /// <summary>Busy cores on average since <paramref name="earlier"/> (0 to the number of cores).</summary>
    public double BusyCoresSince(MachineCpu earlier) =>
        Total == earlier.Total ? 0 : (double)(Busy - earlier.Busy) / (Total - earlier.Total) * Environment.ProcessorCount;
}
