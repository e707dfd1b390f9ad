using WebOcperf.Infrastructure;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json;
using WebOcperf.Api;
using WebOcperf.Benchmarks;
using WebOcperf.Events;
using WebOcperf.Sessions;
using WebOcperf.Data;

namespace WebOcperf.Tests.Infrastructure;

/// <summary>Drives the JSON API and the event stream the way a script would.</summary>
public sealed class ApiClient(HttpClient http)
{
    /// <summary>A CPU-bound shell loop of roughly <paramref name="seconds"/> on this kind of machine.</summary>
    public static string BusyLoop(double seconds) =>
        $"end=$(( $(date +%s%N) + {(long)(seconds * 1e9)} )); while [ $(date +%s%N) -lt $end ]; do :; done";

    public HttpClient Http => http;

    public async Task<SessionDto> CreateSessionAsync(string title = "test session")
    {
        var response = await http.PostAsJsonAsync("/api/v1/sessions", new { title });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SessionDto>(ApiJson.Options))!;
    }

    public async Task<BenchmarkDto> SubmitAsync(Guid sessionId, object body)
    {
        var response = await http.PostAsJsonAsync($"/api/v1/session/{sessionId}", body);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        return (await response.Content.ReadFromJsonAsync<BenchmarkDto>(ApiJson.Options))!;
    }

    public async Task<BenchmarkDto> GetAsync(Guid benchmarkId) =>
        (await http.GetFromJsonAsync<BenchmarkDto>($"/api/v1/benchmark/{benchmarkId}.json", ApiJson.Options))!;

    /// <summary>Follows the benchmark's event stream until <c>done</c>, then returns the finished benchmark.</summary>
    public async Task<BenchmarkDto> WaitUntilFinishedAsync(Guid benchmarkId, TimeSpan? timeout = null)
    {
        await ReadStreamAsync(benchmarkId, null, timeout ?? TimeSpan.FromSeconds(60));
        return await GetAsync(benchmarkId);
    }

    /// <summary>Polls a run's workload log until it shows <paramref name="expected"/>: the workload's own sign of progress.</summary>
    public async Task<string> WaitForWorkloadLogAsync(string logUrl, string expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            using var response = await http.GetAsync(logUrl);
            var text = response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : "";
            if (text.Contains(expected, StringComparison.Ordinal))
            {
                return text;
            }
            Assert.True(DateTime.UtcNow < deadline, $"the workload log never showed '{expected}': '{text}'");
            await Task.Delay(100);
        }
    }

    /// <summary>Reads the stream to its end, recording each event with the time it arrived.</summary>
    public async Task<List<StreamedEvent>> ReadStreamAsync(Guid benchmarkId, string? lastEventId, TimeSpan timeout,
        Func<StreamedEvent, bool>? stopAfter = null)
    {
        using var cancel = new CancellationTokenSource(timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/benchmarks/{benchmarkId}/events");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancel.Token);
        var events = new List<StreamedEvent>();
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancel.Token))
        {
            var streamed = new StreamedEvent(item.EventType, item.EventId, JsonDocument.Parse(item.Data).RootElement.Clone(),
                DateTime.UtcNow);
            events.Add(streamed);
            if (item.EventType == "done" || stopAfter?.Invoke(streamed) == true)
            {
                break;
            }
        }
        return events;
    }
}

public sealed record StreamedEvent(string Type, string? Id, JsonElement Data, DateTime ArrivedAt)
{
    public BenchmarkStatus? Status => Data.TryGetProperty("status", out var status)
        ? Enum.Parse<BenchmarkStatus>(status.GetString()!)
        : null;
}
