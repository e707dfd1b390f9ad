using WebOcperf.Data;
using WebOcperf.Events;
using WebOcperf.Running;
using WebOcperf.Running.Remote;

namespace WebOcperf.Benchmarks;

/// <summary>
/// What became of a submission: the queued benchmark, the field errors (keyed by the API's field names), or why it
/// was refused (perf missing, queue full — nothing is stored then).
/// </summary>
public sealed record Submission(Benchmark? Benchmark, Dictionary<string, List<string>> Errors, SubmitResult? Refusal)
{
    public bool IsQueued => Benchmark is not null;
}

/// <summary>
/// The one path from a request to the queue, for the session page and the API alike: check the request and its host,
/// resolve its events against the catalog, build the benchmark (on the host's configured spelling), then the
/// scheduler's preflight and queue.
/// </summary>
public sealed class BenchmarkSubmission(BenchmarkScheduler scheduler, EventCatalogs catalogs, HostChecks hosts)
{
    /// <param name="errors">What the caller's own reading of the input found (the API's body, the form's numbers),
    /// keyed by the API's field names; the request's checks and the event check add to it. Nothing is queued when any.</param>
    public async Task<Submission> SubmitAsync(Guid sessionId, BenchmarkRequest request, Dictionary<string, List<string>> errors,
        CancellationToken cancellationToken)
    {
        foreach (var (field, messages) in request.Validate())
        {
            Add(errors, field, messages);
        }
        // only configured hosts can be chosen, never an ssh destination or option
        if (BenchmarkRequest.ValidateHost(request.Host, hosts.Names) is { } hostError)
        {
            Add(errors, "host", [hostError]);
        }
        // the events are checked against the chosen machine's catalog, also when other fields are wrong, so that every
        // mistake is named at once
        List<string> perfEvents = [];
        SubmitResult? unreachable = null;
        if (!errors.ContainsKey("events") && !errors.ContainsKey("host"))
        {
            try
            {
                var catalog = await catalogs.GetAsync(request.Host, cancellationToken);
                (perfEvents, var eventErrors) = BenchmarkRequest.ResolveEvents(catalog, request.Events, request.Tool);
                if (eventErrors.Count > 0)
                {
                    Add(errors, "events", eventErrors);
                }
            }
            catch (HostCatalogUnavailableException e)
            {
                // the same refusal as the preflight's: nothing can be checked or run there now
                unreachable = new SubmitResult(SubmitOutcome.PerfMissing, e.Problem, e.Host);
            }
        }
        if (errors.Count > 0 || unreachable is not null)
        {
            return new Submission(null, errors, errors.Count > 0 ? null : unreachable);
        }

        var benchmark = (request with { Host = hosts.Canonical(request.Host) }).ToBenchmark(sessionId);
        benchmark.PerfEvents = perfEvents;
        var result = await scheduler.SubmitAsync(benchmark, cancellationToken);
        return result.Outcome == SubmitOutcome.Queued
            ? new Submission(benchmark, errors, null)
            : new Submission(null, errors, result);
    }

    private static void Add(Dictionary<string, List<string>> errors, string field, IEnumerable<string> messages)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }
        list.AddRange(messages);
    }
}
