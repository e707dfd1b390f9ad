using WebOcperf.Data;
using WebOcperf.Perf;
using WebOcperf.Perf.Record;
using WebOcperf.Running.Remote;

namespace WebOcperf.Benchmarks;

/// <summary>
/// A request to run a benchmark, from the form or the API, and the one set of rules both are checked against.
/// Errors are keyed by the API's field names (camelCase); the form maps them onto its own fields.
/// </summary>
public sealed record BenchmarkRequest(
    string? Description,
    string? Workload,
    IReadOnlyList<KeyValuePair<string, string>> Environment,
    IReadOnlyList<string> Events,
    int? IntervalMs,
    PerfTool Tool,
    bool Streaming,
    int? RecordFrequency = null,
    long? RecordPeriod = null,
    CallGraphMode CallGraph = CallGraphMode.None,
    int Repeat = 1,
    int Warmup = 0,
    string? PrepareCommand = null,
    string? Host = null)
{
    public const int MaxEventNameLength = 512;

    public Dictionary<string, List<string>> Validate()
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }
            list.Add(message);
        }

        if ((Description?.Length ?? 0) > Benchmark.MaxDescriptionLength)
        {
            Add("description", $"The description is longer than {Benchmark.MaxDescriptionLength} characters.");
        }
        if (Description?.Contains('\0') == true)
        {
            Add("description", "The description contains a NUL byte.");
        }

        if (string.IsNullOrWhiteSpace(Workload))
        {
            Add("workload", "Enter the workload: a shell command line, e.g. ./my-benchmark --size 1000.");
        }
        else if (Workload.Length > Benchmark.MaxWorkloadLength)
        {
            Add("workload", $"The workload is longer than {Benchmark.MaxWorkloadLength} characters; put it in a script.");
        }
        else if (Workload.Contains('\0'))
        {
            Add("workload", "The workload contains a NUL byte, which no command line can hold.");
        }

        foreach (var (name, value) in Environment)
        {
            var problem = WorkloadEnvironment.ValidateName(name)
                ?? (value is null ? $"{name} has no value (null); use \"\" for an empty one" : WorkloadEnvironment.ValidateValue(value));
            if (problem is not null)
            {
                Add("env", problem);
            }
        }

        if (!string.IsNullOrEmpty(Workload) && Workload.Length <= Benchmark.MaxWorkloadLength && !errors.ContainsKey("env")
            && ExecLimits.Check(Workload, Environment) is { } tooLarge)
        {
            Add("env", tooLarge);
        }

        if (!Enum.IsDefined(Tool))
        {
            Add("tool", $"'{(int)Tool}' is not a tool; use stat or record.");
        }

        if (Events.Count > Benchmark.MaxEvents)
        {
            Add("events", $"{Events.Count} events were chosen; at most {Benchmark.MaxEvents} can be counted in one run.");
        }
        if (Events.Any(name => name is null))
        {
            Add("events", "An event is null; give each event as a string.");
            return errors;
        }
        foreach (var name in Events)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Length > MaxEventNameLength || name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                Add("events", $"'{TextPreview.Shorten(name)}' is not an event name (no spaces or control characters, at most {MaxEventNameLength} characters).");
            }
            else if (EventListSyntax.SplitTopLevel(name) is { Count: > 1 } several)
            {
                // one entry per event: results are matched to what was chosen, and a list hidden in one entry would
                // shift every name after it
                Add("events", $"'{TextPreview.Shorten(name)}' holds {several.Count} events; choose each one on its own " +
                    "(a group goes in braces: {a,b}).");
            }
        }

        foreach (var duplicate in Events.GroupBy(e => e.Trim()).Where(g => g.Count() > 1))
        {
            Add("events", $"'{TextPreview.Shorten(duplicate.Key)}' is chosen more than once.");
        }

        if (IntervalMs is < 0)
        {
            Add("interval", "The interval must be a positive number of milliseconds (leave it empty for totals only).");
        }
        else if (IntervalMs > Benchmark.MaxIntervalMs)
        {
            Add("interval", $"The interval is longer than an hour ({Benchmark.MaxIntervalMs} ms).");
        }

        if (Repeat is < 1 or > Benchmark.MaxRepeat)
        {
            Add("repeat", $"Repeat must be between 1 and {Benchmark.MaxRepeat} runs.");
        }
        if (Warmup is < 0 or > Benchmark.MaxWarmup)
        {
            Add("warmup", $"Warm-up runs must be between 0 and {Benchmark.MaxWarmup}.");
        }
        if (PrepareCommand is { } prepare)
        {
            if (prepare.Length > Benchmark.MaxPrepareCommandLength)
            {
                Add("prepare", $"The prepare command is longer than {Benchmark.MaxPrepareCommandLength} characters; put it in a script.");
            }
            else if (prepare.Contains('\0'))
            {
                Add("prepare", "The prepare command contains a NUL byte, which no command line can hold.");
            }
        }

        if (Tool == PerfTool.Stat)
        {
            // said for stat, they would be dropped without a word: perf stat neither samples nor takes -F/-c
            if (RecordFrequency is not null)
            {
                Add("frequency", "The frequency (-F) applies to perf record only; leave it out for perf stat.");
            }
            if (RecordPeriod is not null)
            {
                Add("period", "The period (-c) applies to perf record only; leave it out for perf stat.");
            }
        }
        if (Tool == PerfTool.Record)
        {
            if (Repeat > 1)
            {
                // one perf.data per benchmark: the profile pages have nothing to show for several recordings
                Add("repeat", "Repeat applies to perf stat only; a perf record benchmark runs once (set repeat to 1).");
            }
            if (Warmup > 0)
            {
                Add("warmup", "Warm-up runs apply to perf stat only; set them to 0 for perf record.");
            }
            if (IntervalMs is not null and not 0)
            {
                Add("interval", "The interval applies to perf stat only; leave it empty for perf record.");
            }
            if (RecordFrequency is not null && RecordPeriod is not null)
            {
                Add("frequency", "Give a frequency (-F) or a period (-c), not both.");
            }
            if (RecordFrequency is < 1 or > Benchmark.MaxRecordFrequency)
            {
                Add("frequency", $"The frequency must be between 1 and {Benchmark.MaxRecordFrequency} Hz.");
            }
            if (RecordPeriod is < 1)
            {
                Add("period", "The period must be a positive number of events.");
            }
        }
        return errors;
    }

    /// <summary>
    /// perf's form of each chosen event (and, for perf record without events, this machine's default), or one message
    /// per event that does not resolve.
    /// </summary>
    public static (List<string> PerfEvents, List<string> Errors) ResolveEvents(WebOcperf.Perf.Catalog.EventCatalog catalog,
        IReadOnlyList<string> events, PerfTool tool)
    {
        var (perfEvents, errors) = EventResolution.Resolve(catalog, events, forRecord: tool == PerfTool.Record);
        if (tool == PerfTool.Record && events.Count == 0)
        {
            perfEvents = EventResolution.DefaultRecordEvents(catalog).ToList();
        }
        return (perfEvents, errors);
    }

    public Benchmark ToBenchmark(Guid sessionId) => new()
    {
        SessionId = sessionId,
        Description = Description?.Trim() ?? "",
        Workload = Workload!,
        Environment = Environment.Select(v => $"{v.Key}={v.Value}").ToList(),
        Events = Events.Select(e => e.Trim()).ToList(),
        IntervalMs = Tool == PerfTool.Stat && IntervalMs is > 0 ? IntervalMs : null,
        Tool = Tool,
        Streaming = Streaming,
        RecordFrequency = Tool == PerfTool.Record && RecordPeriod is null ? RecordFrequency ?? Benchmark.DefaultRecordFrequency : null,
        RecordPeriod = Tool == PerfTool.Record ? RecordPeriod : null,
        CallGraph = Tool == PerfTool.Record ? CallGraph : CallGraphMode.None,
        Repeat = Tool == PerfTool.Stat ? Repeat : 1,
        Warmup = Tool == PerfTool.Stat ? Warmup : 0,
        PrepareCommand = string.IsNullOrWhiteSpace(PrepareCommand) ? null : PrepareCommand,
        // this machine is null: rows from before hosts existed read the same
        Host = string.IsNullOrEmpty(Host) || string.Equals(Host, "local", StringComparison.OrdinalIgnoreCase) ? null : Host,
    };

    /// <summary>
    /// Whether the host is one of <paramref name="names"/> (empty means this machine); the message names the choices.
    /// Only configured hosts can be chosen, never an ssh destination or option.
    /// </summary>
    public static string? ValidateHost(string? host, IReadOnlyList<string> names) => HostChecks.ValidateName(host, names);
}
