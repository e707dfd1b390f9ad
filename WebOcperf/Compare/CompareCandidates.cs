using Microsoft.EntityFrameworkCore;
using WebOcperf.Data;

namespace WebOcperf.Compare;

/// <summary>A finished run that can be compared with the one a result page shows.</summary>
public sealed record CompareCandidate(Guid Id, string Description, string Workload, string SessionTitle, DateTime CreatedAt,
    BenchmarkStatus Status, int Repeat, string? Host)
{
    public string Label => string.IsNullOrWhiteSpace(Description) ? Workload : Description;
}

/// <summary>What the result page's <em>Compare with…</em> picker lists for a run.</summary>
/// <param name="Subject">The run whose page asks; null when there is no such benchmark.</param>
/// <param name="HasMore">More runs match than are listed: narrow the search.</param>
public sealed record CompareCandidateList(Benchmark? Subject, string Text, IReadOnlyList<CompareCandidate> Runs, bool HasMore);

/// <summary>
/// Finds the runs the <em>Compare with…</em> picker offers: finished runs of the same tool in any session, newest first,
/// whose description, workload or session title contains the typed text (ignoring case, in .NET: SQLite's LIKE folds
/// ASCII letters only).
/// </summary>
public sealed class CompareCandidates(WebOcperfDb db)
{
    public const int Limit = 20;

    public async Task<CompareCandidateList> FindAsync(Guid subjectId, string? text, CancellationToken cancellationToken)
    {
        var subject = await db.Benchmarks.AsNoTracking().FirstOrDefaultAsync(b => b.Id == subjectId, cancellationToken);
        var wanted = text?.Trim() ?? "";
        if (subject is null)
        {
            return new CompareCandidateList(null, wanted, [], false);
        }
        var runs = new List<CompareCandidate>();
        var candidates = db.Benchmarks.AsNoTracking()
            .Where(b => b.Id != subjectId && b.Tool == subject.Tool
                && b.Status != BenchmarkStatus.Queued && b.Status != BenchmarkStatus.Running)
            .OrderByDescending(b => b.CreatedAt)
            .Select(b => new CompareCandidate(b.Id, b.Description, b.Workload, b.Session!.Title, b.CreatedAt, b.Status, b.Repeat, b.Host))
            .AsAsyncEnumerable();
        await foreach (var candidate in candidates.WithCancellation(cancellationToken))
        {
            if (wanted.Length == 0
                || candidate.Description.Contains(wanted, StringComparison.OrdinalIgnoreCase)
                || candidate.Workload.Contains(wanted, StringComparison.OrdinalIgnoreCase)
                || candidate.SessionTitle.Contains(wanted, StringComparison.OrdinalIgnoreCase))
            {
                if (runs.Count == Limit)
                {
                    return new CompareCandidateList(subject, wanted, runs, true);
                }
                runs.Add(candidate);
            }
        }
        return new CompareCandidateList(subject, wanted, runs, false);
    }
}
