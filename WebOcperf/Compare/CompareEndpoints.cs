using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using WebOcperf.Data;
using WebOcperf.Infrastructure;
using WebOcperf.Perf.Compare;

namespace WebOcperf.Compare;

/// <summary>
/// <c>GET /api/v1/compare</c> (JSON), <c>/api/v1/compare.folded</c> (difffolded.pl's format) and
/// <c>/api/v1/compare.csv</c> (the delta table), mapped by the API's route table.
/// </summary>
public static class CompareEndpoints
{
    public static async Task<IResult> JsonAsync(HttpContext context, Comparisons comparisons, CancellationToken cancellationToken)
    {
        var (comparison, problem) = await LoadAsync(context, comparisons, cancellationToken);
        return comparison is null ? problem! : TypedResults.Ok(CompareDto.From(comparison));
    }

    public static async Task<IResult> FoldedAsync(HttpContext context, Comparisons comparisons, CancellationToken cancellationToken)
    {
        var (comparison, problem) = await LoadAsync(context, comparisons, cancellationToken);
        if (comparison is null)
        {
            return problem!;
        }
        if (comparison.Record is not { } record)
        {
            return FieldProblem(StatusCodes.Status400BadRequest, "base",
                "compare.folded compares recordings (perf record); these are perf stat runs: use compare.csv or compare.");
        }
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        DifferentialProfile.WriteFolded(writer, record.DifferentialStacks);
        context.Response.Headers.ContentDisposition =
            $"attachment; filename=\"compare-{Short(comparison.Base.Benchmark.Id)}-{Short(comparison.DiffRun.Benchmark.Id)}.folded\"";
        return TypedResults.Text(writer.ToString(), "text/plain; charset=utf-8", Encoding.UTF8);
    }

    public static async Task<IResult> CsvAsync(HttpContext context, Comparisons comparisons, CancellationToken cancellationToken)
    {
        var (comparison, problem) = await LoadAsync(context, comparisons, cancellationToken);
        if (comparison is null)
        {
            return problem!;
        }
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"compare-{Short(comparison.Base.Benchmark.Id)}.csv\"";
        return TypedResults.Text(CompareCsv.Write(comparison), "text/csv; charset=utf-8", Encoding.UTF8);
    }

    private static async Task<(Comparison? Comparison, IResult? Problem)> LoadAsync(HttpContext context, Comparisons comparisons,
        CancellationToken cancellationToken)
    {
        var (query, errors) = CompareQuery.Parse(context.Request.Query);
        if (query is null)
        {
            return (null, TypedResults.ValidationProblem(errors,
                detail: string.Join(" ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")))));
        }
        var (comparison, problem) = await comparisons.CompareAsync(query, cancellationToken);
        return problem is null ? (comparison, null) : (null, FieldProblem(problem.StatusCode, problem.Field, problem.Message));
    }

    private static IResult FieldProblem(int statusCode, string field, string message) =>
        statusCode == StatusCodes.Status400BadRequest
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: message)
            : TypedResults.Problem(message, statusCode: statusCode,
                title: statusCode == StatusCodes.Status404NotFound ? "Not found" : "Not finished",
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });

    private static string Short(Guid id) => id.ToString("N")[..8];
}

/// <summary>The delta table as CSV: one line per row and compared run.</summary>
public static class CompareCsv
{
    public static string Write(Comparison comparison)
    {
        var csv = new StringBuilder();
        if (comparison.Stat is { } stat)
        {
            csv.Append("event,unit,run,base_n,base_mean,base_stddev,n,mean,stddev,delta,delta_percent,p_value,p_adjusted,ci_low,ci_high,verdict\n");
            foreach (var row in stat.AllRows)
            {
                for (var run = 0; run < row.Runs.Count; run++)
                {
                    var delta = row.Runs[run];
                    Line(csv, row.Event, row.Unit, comparison.Others[run].Benchmark.Id.ToString(), N(row.Base?.N), N(row.Base?.Mean),
                        N(row.Base?.StandardDeviation), N(delta.Summary?.N), N(delta.Summary?.Mean), N(delta.Summary?.StandardDeviation),
                        N(delta.Delta), N(delta.DeltaPercent), N(delta.PValue), N(delta.PAdjusted), N(delta.CiLow), N(delta.CiHigh),
                        delta.Verdict.ToString());
                }
            }
            return csv.ToString();
        }
        var record = comparison.Record!;
        csv.Append("kind,name,dso,run,base_self,base_total,base_self_share,base_total_share,self,total,self_share,total_share,delta_self_share,delta_total_share,status\n");
        foreach (var (kind, rows) in new[] { ("function", record.Tables.Functions), ("comm", record.Tables.Comms), ("dso", record.Tables.Dsos) })
        {
            foreach (var row in rows)
            {
                for (var run = 0; run < row.Runs.Count; run++)
                {
                    var delta = row.Runs[run];
                    Line(csv, kind, row.Name, row.Dso ?? "", comparison.Others[run].Benchmark.Id.ToString(), N(row.Base.Self),
                        N(row.Base.Total), N(row.Base.SelfShare), N(row.Base.TotalShare), N(delta.Cell.Self), N(delta.Cell.Total),
                        N(delta.Cell.SelfShare), N(delta.Cell.TotalShare), N(delta.DeltaSelfShare), N(delta.DeltaTotalShare),
                        delta.Status.ToString());
                }
            }
        }
        return csv.ToString();
    }

    private static string N(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    private static string N(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string N(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static void Line(StringBuilder csv, params string[] fields)
    {
        csv.AppendJoin(',', fields.Select(Quote)).Append('\n');
    }

    private static string Quote(string field) => CsvText.Field(field);
}

/// <summary>The JSON of <c>GET /api/v1/compare</c>.</summary>
public sealed record CompareDto(
    RunDto Base,
    IReadOnlyList<RunDto> Runs,
    string Tool,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Threshold,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<StatRowDto>? Events,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] StatRowDto? WallTime,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Event,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ShareRowDto>? Functions,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ShareRowDto>? Comms,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ShareRowDto>? Dsos)
{
    public static CompareDto From(Comparison comparison)
    {
        var runs = comparison.Others.Select(RunDto.From).ToList();
        if (comparison.Stat is { } stat)
        {
            return new CompareDto(RunDto.From(comparison.Base), runs, "Stat", stat.ThresholdPercent,
                stat.Events.Select(StatRowDto.From).ToList(), stat.WallTime is null ? null : StatRowDto.From(stat.WallTime),
                null, null, null, null);
        }
        var record = comparison.Record!;
        return new CompareDto(RunDto.From(comparison.Base), runs, "Record", null, null, null, record.Event,
            record.Tables.Functions.Select(row => ShareRowDto.From(row, "function")).ToList(),
            record.Tables.Comms.Select(row => ShareRowDto.From(row, "comm")).ToList(),
            record.Tables.Dsos.Select(row => ShareRowDto.From(row, "dso")).ToList());
    }
}

public sealed record RunDto(Guid Id, Guid SessionId, string SessionTitle, string Description, string Workload,
    IReadOnlyList<string> Env, IReadOnlyList<string> Events, string? CommandLine, BenchmarkStatus Status, DateTime? StartedAt,
    DateTime? FinishedAt, IReadOnlyList<string> Differences, string Host, IReadOnlyList<string> MachineDifferences)
{
    public static RunDto From(ComparedRun run) => new(run.Benchmark.Id, run.Benchmark.SessionId, run.SessionTitle,
        run.Benchmark.Description, run.Benchmark.Workload, run.Benchmark.Environment, run.Benchmark.Events,
        run.Benchmark.CommandLine, run.Benchmark.Status, run.Benchmark.StartedAt, run.Benchmark.FinishedAt, run.Differences,
        run.Benchmark.HostName, run.MachineDifferences);
}

public sealed record SummaryDto(int N, double Mean, double? Stddev, double? Rate);

public sealed record StatDeltaDto(int? N, double? Mean, double? Stddev, double? Rate, double? Delta, double? DeltaPercent,
    double? T, double? Df, double? PValue, double? PAdjusted, double? CiLow, double? CiHigh, double? CiLowPercent,
    double? CiHighPercent, Verdict Verdict);

public sealed record StatRowDto(string Event, string Unit, SummaryDto? Base, IReadOnlyList<StatDeltaDto> Runs)
{
    public static StatRowDto From(StatRow row) => new(row.Event, row.Unit,
        row.Base is { } b ? new SummaryDto(b.N, b.Mean, b.StandardDeviation, row.BaseRatePerSecond) : null,
        row.Runs.Select(r => new StatDeltaDto(r.Summary?.N, r.Summary?.Mean, r.Summary?.StandardDeviation, r.RatePerSecond,
            r.Delta, r.DeltaPercent, r.T, r.DegreesOfFreedom, r.PValue, r.PAdjusted, r.CiLow, r.CiHigh, r.CiLowPercent,
            r.CiHighPercent, r.Verdict)).ToList());
}

public sealed record ShareDto(long Self, long Total, double SelfShare, double TotalShare);

public sealed record ShareDeltaDto(long Self, long Total, double SelfShare, double TotalShare, double DeltaSelfShare,
    double DeltaTotalShare, PresenceStatus Status);

/// <summary>A function (<c>symbol</c> and <c>dso</c>), a command (<c>comm</c>) or a binary (<c>dso</c>).</summary>
public sealed record ShareRowDto(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Symbol,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Comm,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Dso,
    ShareDto Base, IReadOnlyList<ShareDeltaDto> Runs)
{
    public static ShareRowDto From(ShareRow row, string kind) => new(
        kind == "function" ? row.Name : null,
        kind == "comm" ? row.Name : null,
        kind == "function" ? row.Dso : kind == "dso" ? row.Name : null,
        new ShareDto(row.Base.Self, row.Base.Total, row.Base.SelfShare, row.Base.TotalShare),
        row.Runs.Select(r => new ShareDeltaDto(r.Cell.Self, r.Cell.Total, r.Cell.SelfShare, r.Cell.TotalShare, r.DeltaSelfShare,
            r.DeltaTotalShare, r.Status)).ToList());
}
