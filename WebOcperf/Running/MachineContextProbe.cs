using System.Text;
using WebOcperf.Perf;

namespace WebOcperf.Running;

/// <summary>
/// Reads the context of the machine a benchmark is starting on: kernel release, perf version, CPU model, online CPUs,
/// cpu0's frequency governor and the load average. This machine's is read from its files; a host's over its ssh
/// connection (<see cref="MachineContext.ProbeScript"/>), since a remote run measured that machine, not this one: with
/// the host's check when it is recent (its time is the context's), else by a command of its own.
/// Each value is left null when the machine does not report it.
/// </summary>
public sealed partial class MachineContextProbe(PerfInstallation perf, RunTargets targets, Remote.HostChecks checks,
    Microsoft.Extensions.Options.IOptions<Infrastructure.WebOcperfOptions> options, TimeProvider time,
    ILogger<MachineContextProbe> logger)
{
    private static readonly TimeSpan RemoteTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The context of the machine <paramref name="target"/> runs perf on.</summary>
    public async Task<MachineContext> CaptureAsync(IRunTarget target, CancellationToken cancellationToken)
    {
        if (ReferenceEquals(target, targets.Local))
        {
            return Capture();
        }
        // the host's check (its preflight, just made or reused) read the same: a run then costs no command for it
        if (checks.Cached(target.Name) is { Facts.ContextProbe: { Length: > 0 } probe } status
            && time.GetUtcNow().UtcDateTime - status.CheckedAt <= options.Value.HostCheckCacheDuration)
        {
            return MachineContext.FromProbe(probe, status.CheckedAt);
        }
        var output = "";
        try
        {
            var result = await target.RunCommandAsync(
                new TargetCommand("/bin/sh", ["-c", MachineContext.ProbeScript, "webocperf-context", target.PerfPath], Timeout: RemoteTimeout),
                async (stdout, token) =>
                {
                    using var reader = new StreamReader(stdout, Encoding.UTF8);
                    output = await reader.ReadToEndAsync(token);
                },
                cancellationToken);
            if (result.TimedOut)
            {
                LogRemoteContextMissing(target.Name, $"no answer within {RemoteTimeout.TotalSeconds:0} s");
            }
        }
        catch (RunTargetException e)
        {
            // the preflight right after says why the host cannot be used; the context stays empty
            LogRemoteContextMissing(target.Name, e.Message);
        }
        return MachineContext.FromProbe(output, time.GetUtcNow().UtcDateTime);
    }

    /// <summary>This machine's context, from its files.</summary>
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "The machine context of {Host} could not be read: {Reason}")]
    private partial void LogRemoteContextMissing(string host, string reason);
}
