using Microsoft.EntityFrameworkCore;
using WebOcperf.Data;
using WebOcperf.Perf;

namespace WebOcperf.Benchmarks;

/// <summary>Finds the benchmark an endpoint's <c>{id}</c> names, or the 404 to answer when there is none.</summary>
public static class BenchmarkLookup
{
    public static async Task<(Benchmark? Benchmark, IResult? Problem)> FindAsync(WebOcperfDb db, string id,
        CancellationToken cancellationToken, bool withSession = false)
    {
        if (!Guid.TryParse(id, out var benchmarkId))
        {
            return (null, NotFound($"'{Shorten(id)}' is not a benchmark id."));
        }
        IQueryable<Benchmark> query = db.Benchmarks.AsNoTracking().Include(b => b.Repetitions);
        if (withSession)
        {
            query = query.Include(b => b.Session);
        }
        var benchmark = await query.FirstOrDefaultAsync(b => b.Id == benchmarkId, cancellationToken);
        return benchmark is null ? (null, NotFound($"There is no benchmark {benchmarkId}.")) : (benchmark, null);
    }

    /// <summary>
    /// The benchmark and the repetition or warm-up the request names (<c>?repetition=k</c>, <c>?warmup=k</c>; null for
    /// none), or the problem to answer: 404 for no such benchmark, 400 for a repetition it does not have.
    /// </summary>
    public static async Task<(Benchmark? Benchmark, RepetitionKey? Repetition, IResult? Problem)> FindWithRepetitionAsync(
        WebOcperfDb db, string id, HttpRequest request, CancellationToken cancellationToken, bool withSession = false)
    {
        var (benchmark, problem) = await FindAsync(db, id, cancellationToken, withSession);
        if (benchmark is null)
        {
            return (null, null, problem);
        }
        var (repetition, badRepetition) = RepetitionQuery.Parse(request, benchmark);
        return badRepetition is null ? (benchmark, repetition, null) : (null, null, badRepetition);
    }

    public static IResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static string Shorten(string text) => TextPreview.Shorten(text);
}
