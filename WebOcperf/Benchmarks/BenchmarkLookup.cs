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

    public static IResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static string Shorten(string text) => TextPreview.Shorten(text);
}
