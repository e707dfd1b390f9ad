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

public sealed record RepetitionPayload(int Index, bool Warmup, int Count, int FirstSample);

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
        var (benchmark, repetition, problem) = await BenchmarkLookup.FindWithRepetitionAsync(db, id, context.Request, cancellationToken);
        if (benchmark is null)
        {
            return problem!;
        }
        var benchmarkId = benchmark.Id;

        var lastSeen = int.TryParse(context.Request.Headers["Last-Event-ID"], out var k) ? k : -1;
        var feed = feeds.Find(benchmarkId);
        var items = repetition is { } key
            ? FromStoredAsync(benchmark, results, [key], lastSeen + 1, cancellationToken)
            : feed is not null
            ? FromFeedAsync(benchmark, feed, lastSeen + 1, cancellationToken)
            : FromStoredAsync(benchmark, results, StoredInvocations(benchmark), lastSeen + 1, cancellationToken);
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
            var repetitions = update.Repetitions ?? [];
            var nextRepetition = 0;
            for (var i = 0; i < update.Samples.Count; i++)
            {
                // a repetition's start goes before its first sample
                while (nextRepetition < repetitions.Count && repetitions[nextRepetition].FirstSample <= update.FirstIndex + i)
                {
                    yield return RepetitionItem(repetitions[nextRepetition++], lastIndex);
                }
                lastIndex = update.FirstIndex + i;
                var sample = update.Samples[i];
                yield return Item(StreamEvents.Sample, new SamplePayload(lastIndex, sample.Time, sample.Values), lastIndex);
            }
            while (nextRepetition < repetitions.Count)
            {
                yield return RepetitionItem(repetitions[nextRepetition++], lastIndex);
            }
            if (update.State is { } state)
            {
                yield return Item(update.Done ? StreamEvents.Done : StreamEvents.Status, state, lastIndex);
            }
        }
    }

    private static SseItem<string> RepetitionItem(RepetitionStart start, int lastIndex) =>
        Item(StreamEvents.Repetition,
            new RepetitionPayload(start.Progress.Index, start.Progress.Warmup, start.Progress.Count, start.FirstSample), lastIndex);

    /// <summary>What a stored benchmark replays: every invocation in the order it ran, or the one plain run.</summary>
    private static IReadOnlyList<RepetitionKey?> StoredInvocations(Benchmark benchmark) =>
        benchmark.IsRepeated
            ? benchmark.Repetitions.OrderBy(r => r.Warmup ? 0 : 1).ThenBy(r => r.Index).Select(r => (RepetitionKey?)RepetitionKey.Of(r)).ToList()
            : [null];

    /// <summary>
    /// Replays stored invocations as one series: each repeated invocation is announced by a <c>repetition</c> event and
    /// its samples continue the indexes of the one before, as the live feed numbered them.
    /// </summary>
    private static async IAsyncEnumerable<SseItem<string>> FromStoredAsync(Benchmark benchmark, BenchmarkResults results,
        IReadOnlyList<RepetitionKey?> invocations, int fromIndex, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        var lastIndex = fromIndex - 1;
        var offset = 0;
        IReadOnlyList<string>? sentNames = null;
        foreach (var key in invocations)
        {
            var result = results.LoadStat(benchmark, key);
            if (benchmark.IsRepeated && key is { } k && offset >= fromIndex)
            {
                var count = k.Warmup ? benchmark.Warmup : benchmark.Repeat;
                yield return RepetitionItem(new RepetitionStart(offset, new RepetitionProgress(k.Index, k.Warmup, count)), lastIndex);
            }
            if (result.Intervals.Count > 0)
            {
                var names = BenchmarkResults.DisplayNames(benchmark, result.EventNames);
                if (sentNames is null || !sentNames.SequenceEqual(names))
                {
                    sentNames = names;
                    yield return Item(StreamEvents.Series, new SeriesPayload(names, result.Events.Select(e => e.Unit).ToList()), lastIndex);
                }
            }
            for (var i = Math.Max(0, fromIndex - offset); i < result.Intervals.Count && !cancellationToken.IsCancellationRequested; i++)
            {
                lastIndex = offset + i;
                yield return Item(StreamEvents.Sample, new SamplePayload(lastIndex, result.Intervals[i].Time, result.Intervals[i].Values), lastIndex);
            }
            offset += result.Intervals.Count;
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
