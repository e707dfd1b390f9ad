using Microsoft.EntityFrameworkCore;
using WebOcperf.Data;

namespace WebOcperf.Sessions;

/// <summary>
/// Which runs of a session to list: those whose description or workload contains <see cref="Text"/> (ignoring case,
/// beyond ASCII too), with <see cref="Status"/> when one is given, run on <see cref="Host"/> when one is given
/// (<c>local</c>: this machine).
/// </summary>
public sealed record HistoryFilter(string? Text, BenchmarkStatus? Status, string? Host = null)
{
    public static HistoryFilter None { get; } = new(null, null);

    public bool IsEmpty => string.IsNullOrWhiteSpace(Text) && Status is null && Host is null;

    /// <summary>
    /// Reads the filter of a query string; an unknown status is an error naming it. A host is any name (a host taken out
    /// of the configuration still has its runs): one no run has simply matches nothing.
    /// </summary>
    public static bool TryParse(string? text, string? status, string? host, out HistoryFilter filter,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        error = null;
        BenchmarkStatus? parsedStatus = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            // the names only: Enum.TryParse would also take "Succeeded,Failed" (their bits or-ed: Failed) and "+2"
            var name = Enum.GetNames<BenchmarkStatus>().FirstOrDefault(n => string.Equals(n, status.Trim(), StringComparison.OrdinalIgnoreCase));
            if (name is null || !Enum.TryParse<BenchmarkStatus>(name, out var value))
            {
                filter = None;
                error = $"'{Perf.TextPreview.Shorten(status)}' is not a status; use one of {string.Join(", ", Enum.GetNames<BenchmarkStatus>())}.";
                return false;
            }
            parsedStatus = value;
        }
        filter = new HistoryFilter(string.IsNullOrWhiteSpace(text) ? null : text.Trim(), parsedStatus,
            string.IsNullOrWhiteSpace(host) ? null : host.Trim());
        return true;
    }
}

/// <summary>
/// A session's runs, newest first, a page at a time: a session can hold 10,000 runs, and its page must not send them
/// all. Pages are keyed by the last run seen (<c>before</c>), so runs added meanwhile neither shift nor repeat rows.
/// Shared by the session page and the API.
/// </summary>
public sealed class SessionHistory(WebOcperfDb db)
{
    /// <summary>How many runs the session page shows at first and adds at each "more".</summary>
    public const int PageSize = 50;

    /// <summary>The most the API hands out at once.</summary>
    public const int MaxLimit = 1000;

    /// <summary>
    /// Up to <paramref name="limit"/> runs older than <paramref name="before"/> (all when null) matching the filter,
    /// plus whether more follow. Null when <paramref name="before"/> is no run of this session.
    /// </summary>
    public async Task<HistoryPage?> PageAsync(Guid sessionId, HistoryFilter filter, Guid? before, int? limit,
        CancellationToken cancellationToken)
    {
        var query = Matching(sessionId, filter);
        if (before is { } beforeId)
        {
            var anchor = await CreatedAtOfAsync(sessionId, beforeId, cancellationToken);
            if (anchor is null)
            {
                return null;
            }
            query = query.Where(b => b.CreatedAt < anchor.Value);
        }
        if (filter.Text is { } text)
        {
            query = await WithTextAsync(query, text, limit, cancellationToken);
        }
        var ordered = query.OrderByDescending(b => b.CreatedAt);
        if (limit is not { } count)
        {
            return new HistoryPage(await ordered.ToListAsync(cancellationToken), HasMore: false);
        }
        var rows = await ordered.Take(count + 1).ToListAsync(cancellationToken);
        var hasMore = rows.Count > count;
        return new HistoryPage(hasMore ? rows[..count] : rows, hasMore);
    }

    /// <summary>
    /// The runs matching the filter from the newest down to <paramref name="oldest"/> included: the part of the list a
    /// page shows from its start, refreshed while runs go on. Null when that run is gone.
    /// </summary>
    public async Task<List<Benchmark>?> DownToAsync(Guid sessionId, HistoryFilter filter, Guid oldest,
        CancellationToken cancellationToken)
    {
        var anchor = await CreatedAtOfAsync(sessionId, oldest, cancellationToken);
        if (anchor is null)
        {
            return null;
        }
        var query = Matching(sessionId, filter).Where(b => b.CreatedAt >= anchor.Value);
        if (filter.Text is { } text)
        {
            query = await WithTextAsync(query, text, null, cancellationToken);
        }
        return await query.OrderByDescending(b => b.CreatedAt).ToListAsync(cancellationToken);
    }

    /// <summary>Whether any run of the session is queued or running (the page then follows it).</summary>
    public Task<bool> HasUnfinishedAsync(Guid sessionId, CancellationToken cancellationToken) =>
        db.Benchmarks.AnyAsync(b => b.SessionId == sessionId
                                    && (b.Status == BenchmarkStatus.Queued || b.Status == BenchmarkStatus.Running), cancellationToken);

    /// <summary>The hosts the session's runs went to, by name (<c>local</c> for this machine), for the history's host filter.</summary>
    /// <remarks>
    /// One index seek per host rather than a DISTINCT, which reads every run of the session: a session holds up to
    /// 10,000 runs but only a few hosts.
    /// </remarks>
    public async Task<IReadOnlyList<string>> HostsUsedAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var runs = db.Benchmarks.Where(b => b.SessionId == sessionId);
        var hosts = new List<string>();
        if (await runs.AnyAsync(b => b.Host == null, cancellationToken))
        {
            hosts.Add(Benchmark.LocalHostName);
        }
        string? previous = null;
        while (await runs.Where(b => b.Host != null && (previous == null || string.Compare(b.Host, previous) > 0))
                   .MinAsync(b => b.Host, cancellationToken) is { } next)
        {
            hosts.Add(next);
            previous = next;
        }
        return hosts.Order(StringComparer.OrdinalIgnoreCase).ToList();
    }

    private IQueryable<Benchmark> Matching(Guid sessionId, HistoryFilter filter)
    {
        var query = db.Benchmarks.AsNoTracking().Where(b => b.SessionId == sessionId);
        if (filter.Status is { } wanted)
        {
            query = query.Where(b => b.Status == wanted);
        }
        if (filter.Host is { } host)
        {
            // hosts are stored in their configured spelling; local runs have none
            query = string.Equals(host, Benchmark.LocalHostName, StringComparison.OrdinalIgnoreCase)
                ? query.Where(b => b.Host == null)
                : query.Where(b => b.Host != null && b.Host.ToLower() == host.ToLowerInvariant());
        }
        return query;
    }

    private Task<DateTime?> CreatedAtOfAsync(Guid sessionId, Guid benchmarkId, CancellationToken cancellationToken) =>
        db.Benchmarks.Where(b => b.Id == benchmarkId && b.SessionId == sessionId)
            .Select(b => (DateTime?)b.CreatedAt).FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Narrows to runs whose description or workload contains the text. Matched in .NET over the two columns only:
    /// SQLite's LIKE folds ASCII letters alone, so "über" would miss "Über". Stops once a page's worth is found.
    /// </summary>
    private static async Task<IQueryable<Benchmark>> WithTextAsync(IQueryable<Benchmark> query, string text, int? limit,
        CancellationToken cancellationToken)
    {
        var ids = new List<Guid>();
        var candidates = query.OrderByDescending(b => b.CreatedAt)
            .Select(b => new { b.Id, b.Description, b.Workload })
            .AsAsyncEnumerable();
        await foreach (var candidate in candidates.WithCancellation(cancellationToken))
        {
            if (candidate.Description.Contains(text, StringComparison.OrdinalIgnoreCase)
                || candidate.Workload.Contains(text, StringComparison.OrdinalIgnoreCase))
            {
                ids.Add(candidate.Id);
                if (ids.Count > limit)
                {
                    break;
                }
            }
        }
        return query.Where(b => ids.Contains(b.Id));
    }
}

/// <param name="HasMore">Whether older runs match too (ask again with <c>before</c> = the last row's id).</param>
public sealed record HistoryPage(List<Benchmark> Rows, bool HasMore);
