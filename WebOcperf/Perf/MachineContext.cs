using System.Globalization;

namespace WebOcperf.Perf;

/// <summary>
/// The conditions a benchmark ran in, taken when it starts: two results are only comparable when these match (a
/// different kernel, perf, CPU or frequency governor, or a loaded machine, changes the numbers).
/// Each value is null when the machine does not report it (a VM has no cpufreq governor).
/// </summary>
public sealed class MachineContext
{
    /// <summary>
    /// When the context was taken (UTC): just before the benchmark's first perf invocation on this machine; on a host,
    /// with the host's check (at most HostCheckCacheDuration before the run) or, when there was none, as perf started.
    /// </summary>
    public DateTime CapturedAt { get; set; }

    /// <summary><c>uname -r</c>, e.g. "6.1.0-18-amd64".</summary>
    public string? KernelRelease { get; set; }

    /// <summary>perf's own answer to <c>perf --version</c>, e.g. "6.1.187".</summary>
    public string? PerfVersion { get; set; }

    /// <summary>The CPU's model name from /proc/cpuinfo.</summary>
    public string? CpuModel { get; set; }

    public int? OnlineCpus { get; set; }

    /// <summary>cpu0's cpufreq scaling governor (performance, powersave, schedutil…).</summary>
    public string? Governor { get; set; }

    /// <summary>The 1-, 5- and 15-minute load averages when the benchmark started.</summary>
    public double? LoadAverage1 { get; set; }
    public double? LoadAverage5 { get; set; }
    public double? LoadAverage15 { get; set; }

    private const string SectionPrefix = "@@webocperf-context ";

    /// <summary>
    /// A /bin/sh script that prints what <see cref="FromProbe"/> reads, for a machine reached over ssh; perf is
    /// <c>$1</c>, so that its path is never part of the script's text.
    /// </summary>
    public const string ProbeScript =
        "echo '" + SectionPrefix + "kernel'; cat /proc/sys/kernel/osrelease 2>/dev/null\n" +
        "echo '" + SectionPrefix + "perf'; \"$1\" --version 2>/dev/null\n" +
        "echo '" + SectionPrefix + "cpuinfo'; sed '/^$/q' /proc/cpuinfo 2>/dev/null\n" +
        "echo '" + SectionPrefix + "online'; cat /sys/devices/system/cpu/online 2>/dev/null\n" +
        "echo '" + SectionPrefix + "governor'; cat /sys/devices/system/cpu/cpu0/cpufreq/scaling_governor 2>/dev/null\n" +
        "echo '" + SectionPrefix + "loadavg'; cat /proc/loadavg 2>/dev/null\n";

    /// <summary>Reads what <see cref="ProbeScript"/> printed; a section that printed nothing leaves its value null.</summary>
    public static MachineContext FromProbe(string output, DateTime capturedAt)
    {
        var sections = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith(SectionPrefix, StringComparison.Ordinal))
            {
                sections[line[SectionPrefix.Length..].Trim()] = current = [];
            }
            else
            {
                current?.Add(line);
            }
        }
        string? Text(string name) => sections.TryGetValue(name, out var lines) && string.Join('\n', lines).Trim() is { Length: > 0 } text
            ? text
            : null;
        var context = new MachineContext
        {
            CapturedAt = capturedAt,
            KernelRelease = Text("kernel"),
            PerfVersion = ParsePerfVersion(Text("perf")),
            CpuModel = Text("cpuinfo") is { } cpuinfo ? ParseCpuModel(cpuinfo) : null,
            OnlineCpus = CountCpuList(Text("online")),
            Governor = Text("governor"),
        };
        context.SetLoadAverage(Text("loadavg"));
        return context;
    }

    /// <summary>"perf version 6.1.187" → "6.1.187"; anything else is kept as printed.</summary>
    public static string? ParsePerfVersion(string? output)
    {
        var text = output?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        const string prefix = "perf version ";
        var firstLine = text.Split('\n')[0].Trim();
        return firstLine.StartsWith(prefix, StringComparison.Ordinal) ? firstLine[prefix.Length..].Trim() : firstLine;
    }

    /// <summary>The first <c>model name</c> of /proc/cpuinfo (x86), else its <c>Model</c> or <c>cpu model</c> line (arm, mips).</summary>
    public static string? ParseCpuModel(string cpuinfo)
    {
        string? fallback = null;
        foreach (var line in cpuinfo.Split('\n'))
        {
            var colon = line.IndexOf(':');
            if (colon < 0)
            {
                continue;
            }
            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (value.Length == 0)
            {
                continue;
            }
            if (key == "model name")
            {
                return value;
            }
            if (fallback is null && key is "Model" or "cpu model" or "Hardware")
            {
                fallback = value;
            }
        }
        return fallback;
    }

    /// <summary>Counts the CPUs of a sysfs CPU list such as "0-3,8,10-11".</summary>
    public static int? CountCpuList(string? list)
    {
        var text = list?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        var count = 0;
        foreach (var part in text.Split(','))
        {
            var dash = part.IndexOf('-');
            if (dash < 0)
            {
                if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    return null;
                }
                count++;
            }
            else if (int.TryParse(part[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
                     && int.TryParse(part[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
                     && last >= first)
            {
                count += last - first + 1;
            }
            else
            {
                return null;
            }
        }
        return count;
    }

    /// <summary>Sets the load averages from /proc/loadavg ("8.57 6.86 5.62 18/300 31146").</summary>
    public void SetLoadAverage(string? loadavg)
    {
        var fields = (loadavg ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        double? Field(int i) => fields.Length > i && double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
        LoadAverage1 = Field(0);
        LoadAverage5 = Field(1);
        LoadAverage15 = Field(2);
    }

    /// <summary>The names of the settings in which this context differs from <paramref name="other"/> (load aside).</summary>
    public IReadOnlyList<string> DifferencesFrom(MachineContext other) =>
        new (string Name, bool Same)[]
        {
            ("kernel", KernelRelease == other.KernelRelease),
            ("perf version", PerfVersion == other.PerfVersion),
            ("CPU model", CpuModel == other.CpuModel),
            ("online CPUs", OnlineCpus == other.OnlineCpus),
            ("governor", Governor == other.Governor),
        }.Where(s => !s.Same).Select(s => s.Name).ToList();
}
