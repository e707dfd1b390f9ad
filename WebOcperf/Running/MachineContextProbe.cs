using WebOcperf.Perf;

namespace WebOcperf.Running;

/// <summary>
/// Reads this machine's context for a benchmark that is starting: kernel release, perf version, CPU model, online
/// CPUs, cpu0's frequency governor and the load average. Each value is left null when the machine does not report it.
/// </summary>
public sealed class MachineContextProbe(PerfInstallation perf, TimeProvider time)
{
    public MachineContext Capture()
    {
        var context = new MachineContext
        {
            CapturedAt = time.GetUtcNow().UtcDateTime,
            KernelRelease = ReadTrimmed("/proc/sys/kernel/osrelease"),
            PerfVersion = MachineContext.ParsePerfVersion(perf.Version),
            CpuModel = ReadTrimmed("/proc/cpuinfo") is { } cpuinfo ? MachineContext.ParseCpuModel(cpuinfo) : null,
            OnlineCpus = MachineContext.CountCpuList(ReadTrimmed("/sys/devices/system/cpu/online")) ?? Environment.ProcessorCount,
            Governor = ReadTrimmed("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"),
        };
        context.SetLoadAverage(ReadTrimmed("/proc/loadavg"));
        return context;
    }

    private static string? ReadTrimmed(string path)
    {
        try
        {
            var text = File.ReadAllText(path).Trim();
            return text.Length > 0 ? text : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
