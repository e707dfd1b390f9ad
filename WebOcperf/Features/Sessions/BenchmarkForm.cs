using System.Globalization;
using WebOcperf.Benchmarks;
using WebOcperf.Data;
using WebOcperf.Perf;

namespace WebOcperf.Features.Sessions;

/// <summary>The benchmark form's fields, as typed; <see cref="ToRequest"/> checks them and turns them into a request.</summary>
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

    /// <summary>Fills the form with a benchmark's settings, so that it can be run again or changed.</summary>
    public static BenchmarkForm From(Benchmark benchmark) => new()
    {
        Description = benchmark.Description,
        Workload = benchmark.Workload,
        Environment = WorkloadEnvironment.Format(benchmark.EnvironmentPairs),
        Events = benchmark.Events.ToList(),
        Tool = benchmark.Tool,
        Interval = benchmark.IntervalMs?.ToString(CultureInfo.InvariantCulture) ?? "",
        Streaming = benchmark.Streaming,
    };

    /// <summary>Field errors keyed by this form's field names, or the request when there are none.</summary>
    public (BenchmarkRequest? Request, Dictionary<string, List<string>> Errors) ToRequest()
    {
        var errors = new Dictionary<string, List<string>>();
        var (variables, environmentErrors) = WorkloadEnvironment.Parse(Environment);
        if (environmentErrors.Count > 0)
        {
            errors[nameof(Environment)] = environmentErrors.Select(e => e.ToString()).ToList();
        }

        int? interval = null;
        var intervalText = Interval?.Trim();
        if (!string.IsNullOrEmpty(intervalText))
        {
            if (int.TryParse(intervalText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
            {
                interval = parsed;
            }
            else
            {
                errors[nameof(Interval)] = [$"'{(intervalText.Length > 20 ? intervalText[..20] + "…" : intervalText)}' is not a whole number of milliseconds."];
            }
        }

        var request = new BenchmarkRequest(Description, Workload, variables, EventList, interval, Tool, Streaming);
        foreach (var (field, messages) in request.Validate())
        {
            var formField = field switch
            {
                "env" => nameof(Environment),
                "interval" => nameof(Interval),
                _ => char.ToUpperInvariant(field[0]) + field[1..],
            };
            if (!errors.TryGetValue(formField, out var list))
            {
                errors[formField] = list = [];
            }
            list.AddRange(messages);
        }
        return (errors.Count == 0 ? request : null, errors);
    }
}
