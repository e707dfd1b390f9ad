using System.Net.ServerSentEvents;
using System.Text.Json;

namespace WebOcperf.Bench.Shared;

/// <summary>One sample as a viewer received it: index, perf's interval time, and when it reached the viewer.</summary>
public readonly record struct ReceivedSample(int Index, double Time, DateTime ArrivedUtc);

/// <summary>
/// A loopback client of <c>GET /benchmarks/{id}/events</c> that keeps every sample with its arrival time
/// (taken as soon as the parser hands out the event) until <c>done</c> or until it is cancelled.
/// </summary>
public sealed class SseViewer
{
    private readonly List<ReceivedSample> samples = [];

    public IReadOnlyList<ReceivedSample> Samples => samples;

    public string? FinalStatus { get; private set; }

    public int StatusEvents { get; private set; }

    public string? Failure { get; private set; }

    public async Task RunAsync(HttpClient http, Guid benchmarkId, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"benchmarks/{benchmarkId}/events");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
            {
                var arrived = DateTime.UtcNow;
                switch (item.EventType)
                {
                    case "sample":
                        using (var json = JsonDocument.Parse(item.Data))
                        {
                            samples.Add(new ReceivedSample(json.RootElement.GetProperty("i").GetInt32(),
                                json.RootElement.GetProperty("t").GetDouble(), arrived));
                        }
                        break;
                    case "status":
                        StatusEvents++;
                        break;
                    case "done":
                        using (var json = JsonDocument.Parse(item.Data))
                        {
                            FinalStatus = json.RootElement.GetProperty("status").GetString();
                        }
                        return;
                }
            }
            Failure = "the stream ended without done";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // the benchmark stopped watching
        }
        catch (Exception e) when (e is HttpRequestException or IOException or JsonException)
        {
            Failure = e.GetType().Name + ": " + e.Message;
        }
    }

    /// <summary>Whether the indices are exactly 0..count-1, in order, with no gap and no duplicate.</summary>
    public bool HasExactly(int count)
    {
        if (samples.Count != count)
        {
            return false;
        }
        for (var i = 0; i < samples.Count; i++)
        {
            if (samples[i].Index != i)
            {
                return false;
            }
        }
        return true;
    }
}
