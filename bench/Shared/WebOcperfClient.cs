using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace WebOcperf.Bench.Shared;

/// <summary>The few calls of the JSON API (README, "JSON API") the benchmarks need.</summary>
public sealed class WebOcperfClient(Uri baseAddress) : IDisposable
{
    /// <summary>
    /// Twenty software events (no hardware PMU on the bench machine): the nine generic software counters plus eleven
    /// tracepoints, so that every interval is twenty lines in perf's file and twenty values per sample.
    /// </summary>
    public static readonly IReadOnlyList<string> TwentyEvents =
    [
        "task-clock", "cpu-clock", "context-switches", "page-faults", "minor-faults", "major-faults", "cpu-migrations",
        "alignment-faults", "emulation-faults", "sched:sched_switch", "sched:sched_wakeup", "sched:sched_process_fork",
        "sched:sched_process_exec", "sched:sched_process_exit", "raw_syscalls:sys_enter", "raw_syscalls:sys_exit",
        "irq:softirq_entry", "timer:hrtimer_start", "kmem:mm_page_alloc", "signal:signal_generate",
    ];

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly HttpClient http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };

    public HttpClient Http => http;

    public async Task<Guid> CreateSessionAsync(string title)
    {
        using var response = await http.PostAsJsonAsync("api/v1/sessions", new { title }, Json);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<IdOnly>(Json))!.Id;
    }

    /// <summary>Queues a perf stat run; returns its id.</summary>
    /// <param name="host">A configured host's name; null for the server's own machine.</param>
    public async Task<Guid> SubmitAsync(Guid sessionId, string workload, IReadOnlyList<string> events, int? intervalMs,
        string description = "bench", string? host = null)
    {
        var body = new { description, workload, events, interval = intervalMs, tool = "stat", streaming = true, host };
        using var response = await http.PostAsJsonAsync($"api/v1/session/{sessionId}", body, Json);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"submit answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        return (await response.Content.ReadFromJsonAsync<IdOnly>(Json))!.Id;
    }

    public async Task<BenchmarkInfo> GetBenchmarkAsync(Guid benchmarkId) =>
        (await http.GetFromJsonAsync<BenchmarkInfo>($"api/v1/benchmark/{benchmarkId}.json", Json))!;

    /// <summary>Polls until the benchmark has finished (a status other than Queued or Running).</summary>
    public async Task<BenchmarkInfo> WaitFinishedAsync(Guid benchmarkId, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        while (true)
        {
            var info = await GetBenchmarkAsync(benchmarkId);
            if (info.Status is not ("Queued" or "Running"))
            {
                return info;
            }
            await Task.Delay(200, timeout.Token);
        }
    }

    public Task<string> GetWorkloadLogAsync(Guid benchmarkId) => http.GetStringAsync($"benchmarks/{benchmarkId}/download/log");

    public void Dispose() => http.Dispose();

    private sealed record IdOnly(Guid Id);
}

public sealed record BenchmarkInfo(Guid Id, string Status, DateTime? StartedAt, DateTime? FinishedAt, string? Error,
    BenchmarkResultsInfo? Results);

public sealed record BenchmarkResultsInfo(IReadOnlyList<JsonElement> Intervals);
