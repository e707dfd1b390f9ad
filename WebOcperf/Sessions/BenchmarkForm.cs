using System.Globalization;
using WebOcperf.Benchmarks;
using WebOcperf.Data;
using WebOcperf.Perf;
using WebOcperf.Perf.Record;

namespace WebOcperf.Sessions;

/// <summary>The benchmark form's fields, as typed; <see cref="Read"/> turns them into a request.</summary>
public sealed class BenchmarkForm
{
    public string? Description { get; set; }
    public string? Workload { get; set; }
    public string? Environment { get; set; }
    /// <summary>The chosen events, one per chip (a chip may hold a comma list or a <c>{group}</c> typed by hand).</summary>
    public List<string> Events { get; set; } = [];

    public List<string> EventList => Events.Select(e => e.Trim()).Where(e => e.Length > 0).ToList();
    public PerfTool Tool { get; set; } = PerfTool.Stat;

    /// <summary>Kept as text so that "abc" can be reported as such instead of silently becoming empty.</summary>
    public string? Interval { get; set; } = "100";

    public bool Streaming { get; set; } = true;

    /// <summary>perf record <c>-F</c>, as typed.</summary>
    public string? Frequency { get; set; } = Benchmark.DefaultRecordFrequency.ToString(CultureInfo.InvariantCulture);

    /// <summary>perf record <c>-c</c>, as typed; when given it replaces the frequency.</summary>
    public string? Period { get; set; }

    /// <summary>The machine to run on: <c>local</c> or a configured host's name.</summary>
    public string Host { get; set; } = "local";

    /// <summary>none, fp or dwarf.</summary>
    public string CallGraph { get; set; } = "fp";

    /// <summary>Measured perf stat runs, as typed.</summary>
    public string? Repeat { get; set; } = "1";

    /// <summary>Warm-up runs before them, as typed.</summary>
    public string? Warmup { get; set; } = "0";

    /// <summary>A shell command run before each run, unmeasured; empty for none.</summary>
    public string? Prepare { get; set; }

    /// <summary>Fills the form with a benchmark's settings, so that it can be run again or changed.</summary>
    public static BenchmarkForm From(Benchmark benchmark) => new()
    {
        Host = benchmark.HostName,
        Description = benchmark.Description,
        Workload = benchmark.Workload,
        Environment = WorkloadEnvironment.Format(benchmark.EnvironmentPairs),
        Events = benchmark.Events.ToList(),
        Tool = benchmark.Tool,
        Interval = benchmark.IntervalMs?.ToString(CultureInfo.InvariantCulture) ?? "",
        Streaming = benchmark.Streaming,
        Frequency = benchmark.RecordFrequency?.ToString(CultureInfo.InvariantCulture) ?? "",
        Period = benchmark.RecordPeriod?.ToString(CultureInfo.InvariantCulture) ?? "",
        CallGraph = benchmark.Tool == PerfTool.Record ? CallGraphs.Name(benchmark.CallGraph) : "fp",
        Repeat = benchmark.Repeat.ToString(CultureInfo.InvariantCulture),
        Warmup = benchmark.Warmup.ToString(CultureInfo.InvariantCulture),
        Prepare = benchmark.PrepareCommand,
    };

    /// <summary>
    /// The typed fields as a request, and what could not be read (a number that is not one, an environment line
    /// without '=', an unknown call graph), keyed by the API's field names as the request's own checks are.
    /// </summary>
    public (BenchmarkRequest Request, Dictionary<string, List<string>> Errors) Read()
    {
        var errors = new Dictionary<string, List<string>>();
        var (variables, environmentErrors) = WorkloadEnvironment.Parse(Environment);
        if (environmentErrors.Count > 0)
        {
            errors["env"] = environmentErrors.Select(e => e.ToString()).ToList();
        }

        var isRecord = Tool == PerfTool.Record;
        // fields of the other tool are ignored, as the form hides them
        var interval = isRecord ? null : ParseNumber(Interval, "interval", "milliseconds", errors);
        var frequency = isRecord ? ParseNumber(Frequency, "frequency", "hertz", errors) : null;
        var period = isRecord ? ParseNumber(Period, "period", "events", errors) : null;
        // shown for both tools, so that perf record with repeat > 1 is refused where the user can see why; empty means
        // the default: one run, no warm-up
        var repeat = ParseNumber(Repeat, "repeat", "runs", errors);
        var warmup = ParseNumber(Warmup, "warmup", "runs", errors);
        if (!CallGraphs.TryParse(CallGraph, out var callGraph))
        {
            errors["callGraph"] = ["Choose none, fp or dwarf."];
        }

        var request = new BenchmarkRequest(Description, Workload, variables, EventList, ClampToInt(interval), Tool, Streaming,
            period is null ? ClampToInt(frequency) : null, period, callGraph, ClampToInt(repeat) ?? 1, ClampToInt(warmup) ?? 0,
            Prepare, Host);
        return (request, errors);
    }

    /// <summary>The form's field for an API field name, where the errors are shown.</summary>
    public static string FieldOf(string apiField) => apiField switch
    {
        "env" => nameof(Environment),
        "interval" => nameof(Interval),
        "frequency" => nameof(Frequency),
        "period" => nameof(Period),
        "prepare" => nameof(Prepare),
        _ => char.ToUpperInvariant(apiField[0]) + apiField[1..],
    };

    /// <summary>The API's field name for one of this form's fields (the inverse of <see cref="FieldOf"/>).</summary>
    public static string ApiFieldOf(string formField) =>
        formField == nameof(Environment) ? "env" : char.ToLowerInvariant(formField[0]) + formField[1..];

    /// <summary>Out-of-range numbers stay out of range (and are reported by the request's checks) instead of wrapping.</summary>
    private static int? ClampToInt(long? value) => value is null ? null : (int)Math.Clamp(value.Value, int.MinValue, int.MaxValue);

    /// <summary>A whole number typed in a field; empty is null, anything else that is not a number is reported.</summary>
    private static long? ParseNumber(string? text, string field, string unit, Dictionary<string, List<string>> errors)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }
        if (long.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        errors[field] = [$"'{(trimmed.Length > 20 ? trimmed[..20] + "…" : trimmed)}' is not a whole number of {unit}."];
        return null;
    }
}
