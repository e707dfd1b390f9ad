using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using WebOcperf.Infrastructure;
using WebOcperf.Data;
using WebOcperf.Perf.Stat;
using WebOcperf.Benchmarks;
using WebOcperf.Running;

namespace WebOcperf.Benchmarks;

public sealed record SeriesPayload(IReadOnlyList<string> Events, IReadOnlyList<string> Units);

public sealed record SamplePayload(int I, double T, IReadOnlyList<double?> V);

/// <summary>
/// <c>GET /benchmarks/{id}/events</c>: the benchmark's samples and state as Server-Sent Events. A running benchmark is
/// streamed from its live feed (backlog first, then live); a finished one from its stored file, then <c>done</c>.
/// </summary>
public static class BenchmarkStream
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(1);

    public static void MapBenchmarkStream(this WebApplication app) =>
        app.MapGet("/benchmarks/{id}/events", StreamAsync);

    private static async Task<IResult> StreamAsync(string id, HttpContext context, WebOcperfDb db, LiveFeeds feeds,
        BenchmarkResults results, IHostApplicationLifetime lifetime, CancellationToken requestAborted)
    {
        // an open stream must not hold up the server's shutdown; the browser reconnects to the next server
        var stopping = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lifetime.ApplicationStopping);
        context.Response.RegisterForDispose(stopping);
        var cancellationToken = stopping.Token;
        var (benchmark, problem) = await BenchmarkLookup.FindAsync(db, id, cancellationToken);
        if (benchmark is null)
        {
            return problem!;
        }
        var benchmarkId = benchmark.Id;

        var lastSeen = int.TryParse(context.Request.Headers["Last-Event-ID"], out var k) ? k : -1;
        var feed = feeds.Find(benchmarkId);
        var items = feed is not null
            ? FromFeedAsync(benchmark, feed, lastSeen + 1, cancellationToken)
            : FromStoredAsync(benchmark, results, lastSeen + 1, cancellationToken);
        return TypedResults.ServerSentEvents(items);
    }

    private static async IAsyncEnumerable<SseItem<string>> FromFeedAsync(Benchmark benchmark, BenchmarkFeed feed,
        int fromIndex, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lastIndex = fromIndex - 1;
        await foreach (var update in feed.ReadAsync(fromIndex, cancellationToken))
        {
            if (update.Events is { Count: > 0 } events)
            {
                yield return Item(StreamEvents.Series,
                    new SeriesPayload(BenchmarkResults.DisplayNames(benchmark, events), update.Units ?? []), lastIndex);
            }
            for (var i = 0; i < update.Samples.Count; i++)
            {
                lastIndex = update.FirstIndex + i;
                var sample = update.Samples[i];
                yield return Item(StreamEvents.Sample, new SamplePayload(lastIndex, sample.Time, sample.Values), lastIndex);
            }
            if (update.State is { } state)
            {
                yield return Item(update.Done ? StreamEvents.Done : StreamEvents.Status, state, lastIndex);
            }
        }
    }

    private static async IAsyncEnumerable<SseItem<string>> FromStoredAsync(Benchmark benchmark, BenchmarkResults results,
        int fromIndex, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        var result = results.LoadStat(benchmark);
        var lastIndex = fromIndex - 1;
        if (result.Intervals.Count > 0)
        {
            yield return Item(StreamEvents.Series,
                new SeriesPayload(BenchmarkResults.DisplayNames(benchmark, result.EventNames), result.Events.Select(e => e.Unit).ToList()),
                lastIndex);
        }
        for (var i = Math.Max(0, fromIndex); i < result.Intervals.Count && !cancellationToken.IsCancellationRequested; i++)
        {
            lastIndex = i;
            yield return Item(StreamEvents.Sample, new SamplePayload(i, result.Intervals[i].Time, result.Intervals[i].Values), i);
        }
        var state = RunState.Of(benchmark);
        yield return Item(benchmark.IsFinished ? StreamEvents.Done : StreamEvents.Status, state, lastIndex);
    }

    private static SseItem<string> Item<T>(string eventType, T payload, int lastIndex) =>
        new(JsonSerializer.Serialize(payload, ApiJson.Options), eventType)
        {
            EventId = lastIndex.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ReconnectionInterval = Retry,
        };
}
