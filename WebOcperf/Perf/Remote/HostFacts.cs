using System.Globalization;
using System.Text;
using WebOcperf.Perf.Catalog;

namespace WebOcperf.Perf.Remote;

/// <summary>One PMU the kernel of a host registered, with its format terms (<c>event</c>, <c>umask</c>, …).</summary>
public sealed record HostPmu(string Name, IReadOnlyList<string> FormatTerms);

/// <summary>What a machine says about itself for perf: versions, CPU, PMUs and the kernel's limits for the user.</summary>
public sealed record HostFacts(
    string? Kernel,
    string? PerfVersion,
    string? PerfProblem,
    string? CpuModel,
    string? CpuString,
    string CpuInfo,
    IReadOnlyList<HostPmu> Pmus,
    int? PerfEventParanoid,
    int? KptrRestrict,
    string? User,
    string? ContextProbe = null)
{
    /// <summary>PMU names of a CPU's own counters, on x86 (cpu; cpu_core/cpu_atom on hybrid parts) and Arm.</summary>
    public bool HasHardwarePmu => Pmus.Any(p => p.Name is "cpu" or "cpu_core" or "cpu_atom"
        || p.Name.StartsWith("armv", StringComparison.Ordinal) || p.Name.StartsWith("arm_", StringComparison.Ordinal));

    public bool IsRoot => User == "root";

    /// <summary>What the kernel's settings mean for the user's runs, in words; empty when nothing is limited.</summary>
    public IReadOnlyList<string> Warnings
    {
        get
        {
            var warnings = new List<string>();
            if (!HasHardwarePmu)
            {
                warnings.Add("no hardware PMU: cycles, instructions and cache events read <not supported>; use software events such as task-clock");
            }
            if (!IsRoot && PerfEventParanoid is { } paranoid)
            {
                if (paranoid >= 3)
                {
                    warnings.Add($"perf_event_paranoid is {paranoid}: perf is refused to users without CAP_PERFMON; lower it (sysctl kernel.perf_event_paranoid=2) or log in as a user who has the capability");
                }
                else if (paranoid == 2)
                {
                    warnings.Add("perf_event_paranoid is 2: only your own processes in user space are measured; events are counted with :u and kernel frames are missing (sysctl kernel.perf_event_paranoid=1 allows kernel profiling)");
                }
                else if (paranoid == 1)
                {
                    warnings.Add("perf_event_paranoid is 1: no system-wide (-a) measurement for your user; the workload's own kernel time is measured");
                }
            }
            if (KptrRestrict is 2 || KptrRestrict is 1 && !IsRoot)
            {
                warnings.Add($"kptr_restrict is {KptrRestrict}: kernel symbols hidden: flame graphs will show [unknown] for kernel frames (sysctl kernel.kptr_restrict=0 shows them)");
            }
            return warnings;
        }
    }

    private const string SectionPrefix = "@@webocperf ";

    /// <summary>The /bin/sh script that prints the facts, in sections <see cref="Parse"/> reads.</summary>
    public static string Script(string perfPath)
    {
        var perf = ShellQuoting.Quote(perfPath);
        var script = new StringBuilder();
        void Section(string name, string command) => script.Append($"echo '{SectionPrefix}{name}'\n{command}\n");
        Section("kernel", "uname -r");
        Section("perf", $"if command -v {perf} >/dev/null 2>&1; then {perf} --version 2>&1; else echo \"missing: {EscapeDouble(perfPath)} is not on the PATH of $(id -un) (PATH=$PATH)\"; fi");
        Section("paranoid", "cat /proc/sys/kernel/perf_event_paranoid 2>/dev/null");
        Section("kptr", "cat /proc/sys/kernel/kptr_restrict 2>/dev/null");
        Section("user", "id -un");
        Section("cpuinfo", "sed '/^$/q' /proc/cpuinfo 2>/dev/null");
        // what a run's machine context records, read with the check, so that a run on the host needs no command of its own for it
        Section("context", $"set -- {perf}\n{MachineContext.ProbeScript}");
        Section("pmus", "for d in /sys/bus/event_source/devices/*; do [ -e \"$d\" ] || continue; n=${d##*/}; echo \"pmu $n\"; " +
            "for f in \"$d\"/format/*; do [ -e \"$f\" ] && echo \"format $n ${f##*/}\"; done; done");
        Section("end", "true");
        return script.ToString();
    }

    public static HostFacts Parse(string output)
    {
        var sections = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith(SectionPrefix, StringComparison.Ordinal))
            {
                sections[line[SectionPrefix.Length..].Trim()] = current = [];
            }
            else
            {
                current?.Add(line.TrimEnd('\r'));
            }
        }
        string? First(string name) => sections.TryGetValue(name, out var lines)
            ? lines.Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0)
            : null;
        int? Number(string name) => int.TryParse(First(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

        var perf = First("perf");
        string? perfVersion = null, perfProblem = null;
        if (perf is null)
        {
            perfProblem = "perf did not answer";
        }
        else if (perf.StartsWith("missing: ", StringComparison.Ordinal))
        {
            perfProblem = perf["missing: ".Length..] + "; install linux-perf there or set PerfPath of the host";
        }
        else if (perf.StartsWith("perf version", StringComparison.Ordinal))
        {
            perfVersion = perf;
        }
        else
        {
            perfProblem = $"perf --version said: {perf}";
        }

        var cpuInfo = sections.TryGetValue("cpuinfo", out var cpuLines) ? string.Join('\n', cpuLines) : "";
        var model = cpuLines?.Select(l => l.Split(':', 2)).FirstOrDefault(p => p.Length == 2 && p[0].Trim() is "model name" or "Model name" or "cpu model")?[1].Trim();

        var formats = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var line in sections.GetValueOrDefault("pmus") ?? [])
        {
            var parts = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
            if (parts is ["pmu", var name])
            {
                formats.TryAdd(name, []);
            }
            else if (parts is ["format", var pmu, var term] && formats.TryGetValue(pmu, out var terms))
            {
                terms.Add(term);
            }
        }

        return new HostFacts(First("kernel"), perfVersion, perfProblem, model, CpuIdentity.FromCpuInfo(cpuInfo)?.CpuString, cpuInfo,
            formats.Select(f => new HostPmu(f.Key, f.Value)).ToList(), Number("paranoid"), Number("kptr"), First("user"),
            sections.TryGetValue("context", out var context) ? string.Join('\n', context) : null);
    }

    private static string EscapeDouble(string text) =>
        new(text.SelectMany(c => c is '"' or '\\' or '$' or '`' ? new[] { '\\', c } : new[] { c }).ToArray());
}
