using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace WebOcperf.Bench.RecordPage;

/// <summary>A finished recording as the benchmark needs it.</summary>
public sealed record Recording(string Name, Guid Id, long Samples, double DurationSeconds, TimeSpan QueuedToSucceeded)
{
    public string PagePath => $"/benchmarks/{Id}";
}

/// <summary>The few calls of the JSON API (README, "JSON API") that set up a recording.</summary>
public sealed class WebOcperfApi(HttpClient http)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(10);

    public async Task<Guid> CreateSessionAsync(string title)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/sessions", new { title });
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>Queues a perf record run; the caller waits for it with <see cref="WaitUntilSucceededAsync"/>.</summary>
    public async Task<(Guid Id, Stopwatch Since)> QueueRecordAsync(Guid sessionId, string description, string workload, int frequency)
    {
        var request = new { description, workload, tool = "record", frequency, callGraph = "fp", events = new[] { "task-clock" } };
        var since = Stopwatch.StartNew();
        using var response = await http.PostAsJsonAsync($"/api/v1/session/{sessionId}", request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Queueing '{description}' was refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (body.RootElement.GetProperty("id").GetGuid(), since);
    }

    /// <summary>
    /// Polls the benchmark until Succeeded. The server ingests the recording (perf script, then the profile cache file)
    /// before it marks the run done, so Succeeded means the page can be drawn from the cache.
    /// </summary>
    public async Task<Recording> WaitUntilSucceededAsync(string name, Guid id, Stopwatch since)
    {
        while (since.Elapsed < RunTimeout)
        {
            using var body = JsonDocument.Parse(await http.GetStringAsync($"/api/v1/benchmark/{id}.json"));
            var root = body.RootElement;
            switch (root.GetProperty("status").GetString())
            {
                case "Succeeded":
                    var profile = root.GetProperty("profile");
                    if (profile.ValueKind != JsonValueKind.Object)
                    {
                        throw new InvalidOperationException($"'{name}' succeeded without a profile.");
                    }
                    return new Recording(name, id, profile.GetProperty("samples").GetInt64(),
                        profile.GetProperty("durationSeconds").GetDouble(), since.Elapsed);
                case "Queued" or "Running":
                    await Task.Delay(250);
                    break;
                case var other:
                    throw new InvalidOperationException($"'{name}' ended {other}: {root.GetProperty("error")}");
            }
        }
        throw new TimeoutException($"'{name}' did not finish within {RunTimeout.TotalMinutes:0} minutes.");
    }
}
