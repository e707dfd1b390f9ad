using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WebOcperf.Infrastructure;
using WebOcperf.Benchmarks;
using WebOcperf.Compare;
using WebOcperf.Data;
using WebOcperf.Events;
using WebOcperf.Hosts;
using WebOcperf.Perf.Catalog;
using WebOcperf.Perf.Record;
using WebOcperf.Running;
using WebOcperf.Running.Remote;
using WebOcperf.Sessions;
using static WebOcperf.Benchmarks.BenchmarkLookup;

namespace WebOcperf.Api;

/// <summary>
/// The JSON API under <c>/api/v1</c>, with the original web_ocperf's paths. Bad input is answered with a
/// problem-details body that names the field; unknown ids with 404.
/// </summary>
public static class ApiEndpoints
{
    public static void MapApiV1(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1").DisableAntiforgery().WithTags("WebOcperf");
        const int ok = StatusCodes.Status200OK;
        const int notFound = StatusCodes.Status404NotFound;
        const int conflict = StatusCodes.Status409Conflict;
        const int unavailable = StatusCodes.Status503ServiceUnavailable;

        api.MapGet("/sessions", ListSessionsAsync)
            .WithSummary("Lists the sessions, newest first")
            .Produces<List<SessionDto>>().WithResponseExample(ok, new[] { ApiExamples.Session });
        api.MapPost("/sessions", CreateSessionAsync)
            .WithSummary("Creates a session")
            .AcceptsJson<CreateSessionDto>().WithRequestExample(ApiExamples.CreateSession)
            .Produces<SessionDto>(StatusCodes.Status201Created).WithResponseExample(StatusCodes.Status201Created, ApiExamples.Session with { BenchmarkCount = 0, LastStatus = null });
        api.MapGet("/session/{id}", GetSessionAsync)
            .WithSummary("Lists a session's benchmarks, newest first; ?limit= pages them (a full page links to the next)")
            .Produces<List<BenchmarkDto>>().WithResponseExample(ok, new[] { ApiExamples.QueuedBenchmark })
            .ProducesValidationProblem().ProducesProblem(notFound);
        api.MapPost("/session/{id}", CreateBenchmarkAsync)
            .WithSummary("Queues a benchmark in the session (perf stat or perf record)")
            .AcceptsJson<CreateBenchmarkDto>().WithRequestExample(ApiExamples.CreateBenchmark)
            .Produces<BenchmarkDto>(StatusCodes.Status202Accepted).WithResponseExample(StatusCodes.Status202Accepted, ApiExamples.QueuedBenchmark)
            .WithResponseExample(StatusCodes.Status400BadRequest, ApiExamples.BenchmarkProblem)
            .ProducesProblem(notFound)
            .ProducesProblem(unavailable).WithResponseExample(unavailable, ApiExamples.QueueFull);
        api.MapPatch("/session/{id}", RenameSessionAsync)
            .WithSummary("Renames a session")
            .AcceptsJson<RenameSessionDto>().WithRequestExample(ApiExamples.RenameSession)
            .Produces<SessionDto>().WithResponseExample(ok, ApiExamples.Session with { Title = ApiExamples.RenameSession.Title! })
            .ProducesProblem(notFound);
        api.MapPost("/benchmark/{id}/cancel", CancelBenchmarkAsync)
            .WithSummary("Stops a running benchmark or takes a queued one out of the queue")
            .Produces(StatusCodes.Status202Accepted).ProducesProblem(notFound).ProducesProblem(conflict);
        api.MapGet("/benchmark/{id}.{format}", GetBenchmarkAsync)
            .WithSummary("A benchmark as json, or its files: csv, raw, perfdata, script, folded, functions; html redirects to its plot page")
            .Produces<BenchmarkDto>().WithResponseExample(ok, ApiExamples.QueuedBenchmark)
            .Produces<string>(ok, "text/csv", "text/plain", "application/octet-stream")
            .Produces(StatusCodes.Status302Found)
            .ProducesValidationProblem().ProducesProblem(notFound).ProducesProblem(unavailable)
            .WithQueryParameter("repetition", "csv and raw: that measured repetition's own file (1 for the first)")
            .WithQueryParameter("warmup", "csv and raw: that warm-up's own file (1 for the first)")
            .WithQueryParameter("repetitions", "csv: true for one row per repetition and event");
        api.MapGet("/emap", GetEventMapAsync)
            .WithSummary("The event catalog as the original web_ocperf gave it: a list of {sym, desc, …}; ?host= a configured host's")
            .Produces<List<EventMapEntryDto>>().ProducesValidationProblem().ProducesProblem(unavailable);
        api.MapGet("/emap/info", GetEventMapInfoAsync)
            .WithSummary("Where the event catalog came from: the CPU string, its sources and the problems met; ?host= a configured host's")
            .Produces<EventMapInfoDto>().ProducesValidationProblem().ProducesProblem(unavailable);
        api.MapGet("/hosts", ListHostsAsync)
            .WithSummary("Every machine runs can go to, checked; ?fresh=true checks again")
            .Produces<List<HostDto>>();
        api.MapDelete("/benchmark/{id}", DeleteBenchmarkAsync)
            .WithSummary("Deletes a benchmark and its files")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(notFound).ProducesProblem(conflict);
        api.MapDelete("/session/{id}", DeleteSessionAsync)
            .WithSummary("Deletes a session with its benchmarks and their files")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(notFound).ProducesProblem(conflict);
        api.MapGet("/compare", CompareEndpoints.JsonAsync)
            .WithSummary("Compares runs with a base run: stat deltas with verdicts, or record function deltas")
            .Produces<CompareDto>().ProducesValidationProblem().ProducesProblem(notFound)
            .WithCompareParameters();
        api.MapGet("/compare.folded", CompareEndpoints.FoldedAsync)
            .WithSummary("Two recordings' differential folded stacks (difffolded.pl's format: stack base other)")
            .Produces<string>(ok, "text/plain").ProducesValidationProblem().ProducesProblem(notFound)
            .WithCompareParameters();
        api.MapGet("/compare.csv", CompareEndpoints.CsvAsync)
            .WithSummary("The comparison's delta table")
            .Produces<string>(ok, "text/csv").ProducesValidationProblem().ProducesProblem(notFound)
            .WithCompareParameters();
    }

    private static RouteHandlerBuilder WithCompareParameters(this RouteHandlerBuilder route) => route
        .WithQueryParameter("base", "the id of the run the others are compared with", required: true)
        .WithQueryParameter("with", "the id of a run to compare (up to 8: repeat the parameter)", required: true, repeated: true)
        .WithQueryParameter("threshold", "percent below which a difference counts as none (default 1)")
        .WithQueryParameter("diff", "which 'with' run the folded stacks use, 1 for the first")
        .WithQueryParameter("event", "a recorded event's name")
        .WithQueryParameter("baseFrom", "seconds from the base recording's first sample")
        .WithQueryParameter("baseTo", "seconds from the base recording's first sample")
        .WithQueryParameter("withFrom", "seconds from the other recording's first sample")
        .WithQueryParameter("withTo", "seconds from the other recording's first sample");

    private static async Task<IResult> ListSessionsAsync(SessionQueries sessions, CancellationToken cancellationToken)
    {
        var rows = await sessions.ListAsync(null, cancellationToken);
        return TypedResults.Ok(rows.Select(r => new SessionDto(r.Id, r.Title, r.CreatedAt, r.BenchmarkCount, r.LastStatus)));
    }

    private static async Task<IResult> CreateSessionAsync(HttpRequest request, SessionQueries sessions,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await ReadJsonAsync<CreateSessionDto>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var titleError = SessionQueries.ValidateTitle(body!.Title);
        if (titleError is not null)
        {
            return FieldProblem("title", titleError);
        }
        var session = await sessions.CreateAsync(body.Title!, cancellationToken);
        return TypedResults.Created($"/api/v1/session/{session.Id}", new SessionDto(session.Id, session.Title, session.CreatedAt, 0, null));
    }

    /// <summary>A new title, under the same rules as at creation.</summary>
    private static async Task<IResult> RenameSessionAsync(string id, HttpRequest request, SessionQueries sessions,
        CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var sessionId))
        {
            return NotFound($"There is no session '{Shorten(id)}'.");
        }
        var (body, problem) = await ReadJsonAsync<RenameSessionDto>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var titleError = SessionQueries.ValidateTitle(body!.Title);
        if (titleError is not null)
        {
            return FieldProblem("title", titleError);
        }
        if (await sessions.RenameAsync(sessionId, body.Title!, cancellationToken) is null)
        {
            return NotFound($"There is no session {sessionId}.");
        }
        var row = (await sessions.FindRowAsync(sessionId, cancellationToken))!;
        return TypedResults.Ok(new SessionDto(row.Id, row.Title, row.CreatedAt, row.BenchmarkCount, row.LastStatus));
    }

    /// <summary>
    /// The session's benchmarks, newest first: all of them, or a page with <c>?limit=</c> (and <c>before=</c> the id of the
    /// last one seen); <c>q</c>, <c>status</c> and <c>host</c> search as the session page does. A full page links to the next one.
    /// </summary>
    private static async Task<IResult> GetSessionAsync(string id, string? limit, string? before, string? q, string? status,
        string? host, HttpContext context, WebOcperfDb db, SessionHistory history, BenchmarkQueue queue, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var sessionId) || !await db.Sessions.AnyAsync(s => s.Id == sessionId, cancellationToken))
        {
            return NotFound($"There is no session '{Shorten(id)}'.");
        }
        int? pageSize = null;
        if (limit is not null)
        {
            if (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsedLimit)
                || parsedLimit is < 1 or > SessionHistory.MaxLimit)
            {
                return FieldProblem("limit", $"limit must be a whole number from 1 to {SessionHistory.MaxLimit}, not '{Shorten(limit)}'.");
            }
            pageSize = parsedLimit;
        }
        Guid? beforeId = null;
        if (before is not null)
        {
            if (!Guid.TryParse(before, out var parsed))
            {
                return FieldProblem("before", $"'{Shorten(before)}' is not a benchmark id.");
            }
            beforeId = parsed;
        }
        if (!HistoryFilter.TryParse(q, status, host, out var filter, out var statusError))
        {
            return FieldProblem("status", statusError);
        }
        var page = await history.PageAsync(sessionId, filter, beforeId, pageSize, cancellationToken);
        if (page is null)
        {
            return FieldProblem("before", $"There is no benchmark {beforeId} in this session.");
        }
        if (page.HasMore && pageSize is { } size)
        {
            var next = QueryString.Create(new Dictionary<string, string?>
            {
                ["limit"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["before"] = page.Rows[^1].Id.ToString(),
                ["q"] = filter.Text,
                ["status"] = filter.Status?.ToString(),
                ["host"] = filter.Host,
            }.Where(p => p.Value is not null));
            context.Response.Headers.Link = $"</api/v1/session/{sessionId}{next}>; rel=\"next\"";
        }
        return TypedResults.Ok(page.Rows.Select(b => BenchmarkDto.From(b, null, queue.PositionOf(b.Id))));
    }

    private static async Task<IResult> CreateBenchmarkAsync(string id, HttpRequest request, WebOcperfDb db,
        BenchmarkSubmission submission, BenchmarkQueue queue, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var sessionId) || !await db.Sessions.AnyAsync(s => s.Id == sessionId, cancellationToken))
        {
            return NotFound($"There is no session '{Shorten(id)}'.");
        }
        var (body, problem) = await ReadJsonAsync<CreateBenchmarkDto>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!CallGraphs.TryParse(body!.CallGraph, out var callGraph))
        {
            return FieldProblem("callGraph", $"'{Shorten(body.CallGraph ?? "")}' is not a call graph mode; use none, fp or dwarf.");
        }
        var submitted = await submission.SubmitAsync(sessionId, ToRequest(body, callGraph), [], cancellationToken);
        if (submitted.Benchmark is { } benchmark)
        {
            return TypedResults.Accepted($"/api/v1/benchmark/{benchmark.Id}.json",
                BenchmarkDto.From(benchmark, null, queue.PositionOf(benchmark.Id)));
        }
        if (submitted.Refusal is { } refusal)
        {
            return Refused(request.HttpContext, refusal);
        }
        var errors = submitted.Errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
        return TypedResults.ValidationProblem(errors, detail: Describe(errors));
    }

    /// <summary>The API's body as a request; the defaults of omitted fields are the form's.</summary>
    internal static BenchmarkRequest ToRequest(CreateBenchmarkDto body, CallGraphMode callGraph) =>
        new(body.Description, body.Workload, (body.Env ?? []).ToList(), body.Events ?? [], body.Interval,
            body.Tool ?? PerfTool.Stat, body.Streaming ?? true, body.Frequency, body.Period, callGraph, body.Repeat ?? 1,
            body.Warmup ?? 0, body.Prepare, body.Host);

    /// <summary>A validation problem's detail: every field's messages in one line.</summary>
    internal static string Describe(IReadOnlyDictionary<string, string[]> errors) =>
        string.Join(" ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")));

    /// <summary>503 for a refused submission; a full queue says when to ask again.</summary>
    private static IResult Refused(HttpContext context, SubmitResult refusal)
    {
        if (refusal.Outcome == SubmitOutcome.QueueFull)
        {
            context.Response.Headers.RetryAfter = ((int)SubmitResult.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return TypedResults.Problem(refusal.Problem, statusCode: StatusCodes.Status503ServiceUnavailable, title: refusal.Title);
    }

    private static async Task<IResult> CancelBenchmarkAsync(string id, BenchmarkScheduler scheduler,
        CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var benchmarkId))
        {
            return NotFound($"There is no benchmark '{Shorten(id)}'.");
        }
        return await scheduler.CancelAsync(benchmarkId, cancellationToken) switch
        {
            CancelOutcome.NotFound => NotFound($"There is no benchmark {benchmarkId}."),
            CancelOutcome.AlreadyFinished => TypedResults.Problem("The benchmark has already finished.",
                statusCode: StatusCodes.Status409Conflict),
            _ => TypedResults.Accepted($"/api/v1/benchmark/{benchmarkId}.json"),
        };
    }

    private static async Task<IResult> GetBenchmarkAsync(string id, string format, HttpContext context,
        [AsParameters] DownloadServices downloads, CancellationToken cancellationToken)
    {
        var (db, results, queue) = (downloads.Db, downloads.Results, downloads.Queue);
        switch (format)
        {
            case "json":
                var (benchmark, problem) = await BenchmarkLookup.FindAsync(db, id, cancellationToken);
                return benchmark is null
                    ? problem!
                    : TypedResults.Ok(BenchmarkDto.From(benchmark, results.LoadStat(benchmark), queue.PositionOf(benchmark.Id),
                        await results.LoadProfileAsync(benchmark, cancellationToken), results.LoadRepetitionResults(benchmark)));
            case "html":
                return Guid.TryParse(id, out var plotId) && await db.Benchmarks.AnyAsync(b => b.Id == plotId, cancellationToken)
                    ? TypedResults.Redirect($"/benchmarks/{plotId}/plot")
                    : NotFound($"There is no benchmark '{Shorten(id)}'.");
            case "csv" or "raw" or "perfdata" or "archive" or "script" or "folded" or "functions":
                return await BenchmarkDownloads.DownloadAsync(id, format, context, downloads);
            default:
                return NotFound($"Unknown format '{Shorten(format)}'; use json, html, csv, raw, perfdata, archive, script, folded or functions.");
        }
    }

    private static async Task<IResult> DeleteBenchmarkAsync(string id, BenchmarkDeletion deletion, CancellationToken cancellationToken) =>
        !Guid.TryParse(id, out var benchmarkId)
            ? NotFound($"There is no benchmark '{Shorten(id)}'.")
            : Deleted(await deletion.DeleteBenchmarkAsync(benchmarkId, cancellationToken), $"benchmark {benchmarkId}");

    private static async Task<IResult> DeleteSessionAsync(string id, BenchmarkDeletion deletion, CancellationToken cancellationToken) =>
        !Guid.TryParse(id, out var sessionId)
            ? NotFound($"There is no session '{Shorten(id)}'.")
            : Deleted(await deletion.DeleteSessionAsync(sessionId, cancellationToken), $"session {sessionId}");

    private static IResult Deleted(DeleteOutcome outcome, string what) => outcome switch
    {
        DeleteOutcome.Deleted => TypedResults.NoContent(),
        DeleteOutcome.NotFound => NotFound($"There is no {what}."),
        _ => TypedResults.Problem($"The {what} has a run in progress; stop it first.", statusCode: StatusCodes.Status409Conflict),
    };

    /// <summary>Every machine runs can go to, checked (recent checks reused unless <c>?fresh=true</c>).</summary>
    private static async Task<IResult> ListHostsAsync(HostChecks checks, bool? fresh, CancellationToken cancellationToken)
    {
        var hosts = await HostOverview.CheckAllAsync(checks, fresh ?? false, cancellationToken);
        return TypedResults.Ok(hosts.Select(HostDto.From));
    }

    /// <summary>
    /// The event catalog in the original web_ocperf's shape, a list of <c>{sym, desc}</c> entries, with the richer fields
    /// beside them. Built once per process and served from memory.
    /// </summary>
    private static async Task<IResult> GetEventMapAsync(string? host, EventCatalogs catalogs, CancellationToken cancellationToken)
    {
        var (catalog, problem) = await CatalogOfAsync(host, catalogs, cancellationToken);
        return problem ?? TypedResults.Ok(catalog!.Entries.Select(EventMapEntryDto.From).ToList());
    }

    /// <summary>What the catalog was built from: the CPU string, each source with its count, and the problems met.</summary>
    private static async Task<IResult> GetEventMapInfoAsync(string? host, EventCatalogs catalogs, CancellationToken cancellationToken)
    {
        var (catalog, problem) = await CatalogOfAsync(host, catalogs, cancellationToken);
        return problem ?? TypedResults.Ok(EventMapInfoDto.From(catalog!));
    }

    /// <summary>The catalog of the machine <c>?host=</c> names (default this one): 400 for no such host, 503 when it cannot be asked.</summary>
    private static async Task<(EventCatalog? Catalog, IResult? Problem)> CatalogOfAsync(string? host, EventCatalogs catalogs,
        CancellationToken cancellationToken)
    {
        if (HostChecks.ValidateName(host, catalogs.HostNames) is { } hostError)
        {
            return (null, FieldProblem("host", hostError));
        }
        try
        {
            return (await catalogs.GetAsync(host, cancellationToken), null);
        }
        catch (HostCatalogUnavailableException e)
        {
            return (null, TypedResults.Problem(e.Problem, statusCode: StatusCodes.Status503ServiceUnavailable,
                title: $"{e.Host} cannot be asked for its events now"));
        }
    }

    /// <summary>Reads a JSON body, answering 415 for another content type and 400 (naming the field) for bad JSON.</summary>
    private static async Task<(T? Body, IResult? Problem)> ReadJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, TypedResults.Problem("Send the body as JSON with Content-Type: application/json.",
                statusCode: StatusCodes.Status415UnsupportedMediaType));
        }
        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(request.Body, ApiJson.Options, cancellationToken);
            return body is null ? (null, FieldProblem("body", "The body is empty; send a JSON object.")) : (body, null);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            return (null, FieldProblem(field, $"'{field}' is not valid here: {FirstSentence(e.Message)}"));
        }
    }

    private static IResult FieldProblem(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: $"{field}: {message}");


    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..(end + 1)] : message;
    }
}
