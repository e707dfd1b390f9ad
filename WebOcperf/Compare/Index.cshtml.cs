using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using WebOcperf.Perf.Compare;

namespace WebOcperf.Compare;

/// <summary>
/// <c>/compare?base={id}&amp;with={id}[&amp;with=…]</c>: runs side by side with their deltas, verdicts and, for
/// recordings, the differential flame graph. Everything the page shows is in its URL, so it can be shared and reloaded.
/// </summary>
public sealed class IndexModel(Comparisons comparisons) : PageModel
{
    /// <summary>How many rows of the functions table are rendered; the API and the CSV have them all.</summary>
    public const int FunctionRows = 50;

    public Comparison? Comparison { get; private set; }

    /// <summary>Why there is nothing to compare, in words, with the query parameter it is about.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    /// <summary>The differential flame graph's tree as JSON, embedded in the page (recordings only).</summary>
    public string? FlameJson { get; private set; }

    public const int MaxCandidateSearchLength = 200;

    /// <summary>
    /// The <em>Compare with…</em> picker of a result page (htmx): finished runs of any session that <paramref name="for"/>
    /// can be compared with, narrowed by <paramref name="q"/>.
    /// </summary>
    public async Task<IActionResult> OnGetCandidatesAsync(string? @for, string? q, [FromServices] CompareCandidates candidates,
        CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(@for, out var subjectId))
        {
            return BadRequest($"for: '{WebOcperf.Perf.TextPreview.Shorten(@for ?? "")}' is not a benchmark id.");
        }
        // each candidate is matched in memory: a search longer than any description or workload finds nothing anyway
        if (q?.Length > MaxCandidateSearchLength)
        {
            return BadRequest($"q: a search of at most {MaxCandidateSearchLength} characters, please.");
        }
        var list = await candidates.FindAsync(subjectId, q, cancellationToken);
        return list.Subject is null ? NotFound($"There is no benchmark {subjectId}.") : Partial("_CompareCandidates", list);
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        // the history's form sends run=…&run=… in the order the runs were ticked: the first is the base
        if (Request.Query.ContainsKey("run") && !Request.Query.ContainsKey("base"))
        {
            var runs = Request.Query["run"].Where(r => !string.IsNullOrEmpty(r)).ToList();
            if (runs.Count >= 2)
            {
                return Redirect("/compare?base=" + Uri.EscapeDataString(runs[0]!) +
                    string.Concat(runs.Skip(1).Select(r => "&with=" + Uri.EscapeDataString(r!))));
            }
            Errors = new Dictionary<string, string[]> { ["run"] = ["Select at least two finished runs to compare."] };
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var (query, errors) = CompareQuery.Parse(Request.Query);
        if (query is null)
        {
            Errors = errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var (comparison, problem) = await comparisons.CompareAsync(query, cancellationToken);
        if (comparison is null)
        {
            Errors = new Dictionary<string, string[]> { [problem!.Field] = [problem.Message] };
            Response.StatusCode = problem.StatusCode;
            return Page();
        }
        Comparison = comparison;
        if (comparison.Record is { } record)
        {
            FlameJson = DifferentialProfile.Tree(record.DifferentialStacks).ToJson();
        }
        return Page();
    }
}
