using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.EntityFrameworkCore;
using WebOcperf.Benchmarks;
using WebOcperf.Data;
using WebOcperf.Events;
using WebOcperf.Infrastructure;
using WebOcperf.Running;

namespace WebOcperf.Sessions;

/// <summary>
/// A session: the benchmark form and the history on the left, the selected benchmark's result on the right.
/// <c>?benchmark=</c> selects a run; htmx swaps the workspace (form + result) and pushes that URL.
/// </summary>
public sealed class DetailModel(WebOcperfDb db, BenchmarkViews views, TimeProvider time) : PageModel
{
    public Session Session { get; private set; } = null!;
    public List<Benchmark> History { get; private set; } = [];
    public BenchmarkView? Selected { get; private set; }

    [BindProperty]
    public BenchmarkForm Form { get; set; } = new();

    public Dictionary<string, List<string>> Errors { get; private set; } = [];
    public string? SubmitError { get; private set; }
    public DateTime Now { get; private set; }

    public bool HasUnfinished => History.Any(b => !b.IsFinished);

    public async Task<IActionResult> OnGetAsync(Guid id, Guid? benchmark, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        var chosen = benchmark is { } benchmarkId ? History.FirstOrDefault(b => b.Id == benchmarkId) : null;
        if (benchmark is not null && chosen is null)
        {
            return NotFound();
        }
        if (chosen is not null)
        {
            await SelectAsync(chosen, cancellationToken);
            Form = BenchmarkForm.From(chosen);
        }
        else if (History.FirstOrDefault() is { } latest)
        {
            // start from the last run's settings: the next run is usually a variation of it
            Form = BenchmarkForm.From(latest);
        }
        return Request.WantsFragment() ? Partial("_Workspace", this) : Page();
    }

    public async Task<IActionResult> OnGetHistoryAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Partial("_History", this) : NotFound();

    public async Task<IActionResult> OnPostRunAsync(Guid id, [FromServices] BenchmarkScheduler scheduler,
        [FromServices] PerfInstallation perf, [FromServices] EventCatalogService catalogs, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        var (request, errors) = Form.ToRequest();
        Errors = errors;
        var (perfEvents, eventErrors) = BenchmarkRequest.ResolveEvents(await catalogs.GetAsync(cancellationToken), Form.EventList, Form.Tool);
        if (eventErrors.Count > 0)
        {
            Errors.TryAdd(nameof(Form.Events), []);
            Errors[nameof(Form.Events)].AddRange(eventErrors);
        }
        if (request is null || Errors.Count > 0)
        {
            return FormWithErrors();
        }

        var benchmark = request.ToBenchmark(id);
        benchmark.PerfEvents = perfEvents;
        var outcome = await scheduler.SubmitAsync(benchmark, cancellationToken);
        if (outcome != SubmitOutcome.Queued)
        {
            SubmitError = outcome == SubmitOutcome.PerfMissing ? perf.Problem : benchmark.Error;
            if (!Request.WantsFragment())
            {
                Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            }
            return FormWithErrors();
        }

        if (!Request.WantsFragment())
        {
            return RedirectToPage(new { id, benchmark = benchmark.Id });
        }
        await LoadAsync(id, cancellationToken);
        await SelectAsync(History.First(b => b.Id == benchmark.Id), cancellationToken);
        Response.Htmx(h => h.PushUrl($"/sessions/{id}?benchmark={benchmark.Id}").WithTrigger(HtmxEvents.HistoryChanged));
        return Partial("_Workspace", this);
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, [FromServices] BenchmarkDeletion deletion,
        CancellationToken cancellationToken)
    {
        var outcome = await deletion.DeleteSessionAsync(id, cancellationToken);
        if (outcome == DeleteOutcome.NotFound)
        {
            return NotFound();
        }
        if (outcome == DeleteOutcome.Running)
        {
            return new ConflictObjectResult("A benchmark of this session is running; stop it first.");
        }
        if (Request.WantsFragment())
        {
            Response.Htmx(h => h.Redirect("/"));
            return new NoContentResult();
        }
        return Redirect("/");
    }

    /// <summary>The form again with its messages; for htmx only the form is swapped, the result shown stays.</summary>
    private IActionResult FormWithErrors()
    {
        if (!Request.WantsFragment())
        {
            return Page();
        }
        Response.Htmx(h => h.Reswap(HtmxSwap.None));
        return new PartialViewResult
        {
            ViewName = "_BenchmarkFormPanel",
            ViewData = new ViewDataDictionary<DetailModel>(ViewData, this) { ["OutOfBand"] = true },
        };
    }

    public string ErrorOf(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : "";

    private async Task SelectAsync(Benchmark benchmark, CancellationToken cancellationToken)
    {
        benchmark.Session = Session;
        Selected = await views.BuildAsync(benchmark, cancellationToken);
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (session is null)
        {
            return false;
        }
        Session = session;
        History = await db.Benchmarks.AsNoTracking().Where(b => b.SessionId == id)
            .OrderByDescending(b => b.CreatedAt).ToListAsync(cancellationToken);
        Now = time.GetUtcNow().UtcDateTime;
        return true;
    }
}
