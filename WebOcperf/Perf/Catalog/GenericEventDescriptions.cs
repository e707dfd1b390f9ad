namespace WebOcperf.Perf.Catalog;

/// <summary>
/// Descriptions of perf's generic events. perf list prints only their type ("[Software event]"), which makes them
/// impossible to find by what they measure; these sentences follow perf_event_open(2) and perf-list(1).
/// </summary>
public static class GenericEventDescriptions
{
    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["cpu-clock"] = "CPU clock: a high-resolution per-CPU timer, in milliseconds",
        ["task-clock"] = "Task clock: time the measured tasks spent running on a CPU, in milliseconds",
        ["page-faults"] = "Page faults of the task, minor and major",
        ["minor-faults"] = "Minor page faults: served from memory, without disk I/O",
        ["major-faults"] = "Major page faults: the page had to be read from disk",
        ["context-switches"] = "Context switches of the task, voluntary (blocking) and involuntary (preempted)",
        ["cpu-migrations"] = "CPU migrations: times the task was moved to another CPU",
        ["alignment-faults"] = "Alignment faults: unaligned memory accesses the kernel fixed up",
        ["emulation-faults"] = "Emulation faults: instructions the kernel had to emulate",
        ["dummy"] = "Placeholder that counts nothing, for collecting side-band records (mmap, comm) only",
        ["bpf-output"] = "Output of BPF programs written with bpf_perf_event_output",
        ["cgroup-switches"] = "Context switches between tasks of different cgroups",
        ["duration_time"] = "Wall-clock duration of the measurement, in nanoseconds",
        ["user_time"] = "User-mode CPU time of the workload, in nanoseconds",
        ["system_time"] = "Kernel-mode CPU time of the workload, in nanoseconds",
        ["cycles"] = "CPU core cycles (affected by frequency scaling)",
        ["instructions"] = "Instructions retired",
        ["cache-references"] = "Cache accesses, usually of the last-level cache",
        ["cache-misses"] = "Cache misses, usually of the last-level cache",
        ["branch-instructions"] = "Branch instructions retired",
        ["branch-misses"] = "Mispredicted branch instructions",
        ["bus-cycles"] = "Bus cycles",
        ["ref-cycles"] = "Reference cycles at a constant rate, not affected by frequency scaling",
        ["stalled-cycles-frontend"] = "Cycles in which the front end delivered no micro-operations",
        ["stalled-cycles-backend"] = "Cycles in which the back end could not retire micro-operations",
    };

    /// <summary>The entry with a real description when perf gave it none (only its type); otherwise unchanged.</summary>
    public static CatalogEntry Describe(CatalogEntry entry)
    {
        if (!Descriptions.TryGetValue(entry.Name, out var description) || !IsOnlyTheType(entry))
        {
            return entry;
        }
        return entry with { BriefDescription = description, LongDescription = $"{description} ({entry.BriefDescription.ToLowerInvariant()})" };
    }

    public static string? Find(string name) => Descriptions.GetValueOrDefault(name);

    private static bool IsOnlyTheType(CatalogEntry entry) =>
        entry.BriefDescription.Length == 0 || entry.BriefDescription.EndsWith(" event", StringComparison.OrdinalIgnoreCase);
}
