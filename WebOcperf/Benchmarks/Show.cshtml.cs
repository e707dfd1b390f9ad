using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using WebOcperf.Infrastructure;
using WebOcperf.Benchmarks;
using WebOcperf.Running;

namespace WebOcperf.Benchmarks;

/// <summary>The share link <c>/benchmarks/{id}</c>: one benchmark's result, for anyone who can reach the server.</summary>
public sealed class ShowModel(BenchmarkViews views) : PageModel
{
    public BenchmarkView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, int? @event, string? repetition, string? warmup,
        CancellationToken cancellationToken)
    {
        var (view, error) = await views.LoadAsync(id, (repetition, warmup), cancellationToken, @event ?? 0);
        if (error is not null)
        {
            return BadRequest(error);
        }
        if (view is null)
        {
            return NotFound();
        }
        View = view;
        return Page();
    }

    /// <summary>The result alone, swapped in by htmx when the run ends.</summary>
    public async Task<IActionResult> OnGetResultAsync(Guid id, int? @event, string? repetition, string? warmup,
        CancellationToken cancellationToken)
    {
        var (view, error) = await views.LoadAsync(id, (repetition, warmup), cancellationToken, @event ?? 0);
        return error is not null ? BadRequest(error) : view is null ? NotFound() : Partial("_BenchmarkResult", view);
    }

    /// <summary>A recording's top-functions table for one event and, optionally, a time range (seconds from the first sample).</summary>
    public async Task<IActionResult> OnGetFunctionsAsync(Guid id, int? @event, double? from, double? to,
        CancellationToken cancellationToken)
    {
        if (ProfileRanges.Problem(from, to) is { } rangeProblem)
        {
            return BadRequest($"{rangeProblem.Field}: {rangeProblem.Message}");
        }
        var view = await views.LoadAsync(id, cancellationToken, @event ?? 0, ProfileRanges.From(from, to));
        if (view?.Profile is not { } profile)
        {
            return NotFound();
        }
        return ProfileRanges.EventProblem(profile.Profile, @event) is { } eventProblem
            ? BadRequest($"{eventProblem.Field}: {eventProblem.Message}")
            : Partial("_FunctionsTable", profile);
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, [FromServices] WebOcperf.Benchmarks.BenchmarkDeletion deletion,
        [FromServices] WebOcperf.Data.WebOcperfDb db, CancellationToken cancellationToken)
    {
        var sessionId = await db.Benchmarks.Where(b => b.Id == id).Select(b => (Guid?)b.SessionId).FirstOrDefaultAsync(cancellationToken);
        var outcome = await deletion.DeleteBenchmarkAsync(id, cancellationToken);
        if (outcome == WebOcperf.Benchmarks.DeleteOutcome.NotFound)
        {
            return NotFound();
        }
        if (outcome == WebOcperf.Benchmarks.DeleteOutcome.Running)
        {
            return new ConflictObjectResult("Stop the run before deleting it.");
        }
        var sessionPage = $"/sessions/{sessionId}";
        if (Request.WantsFragment())
        {
            Response.Htmx(h => h.Redirect(sessionPage));
            return new NoContentResult();
        }
        return Redirect(sessionPage);
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, [FromServices] BenchmarkScheduler scheduler,
        CancellationToken cancellationToken)
    {
        var outcome = await scheduler.CancelAsync(id, cancellationToken);
        if (outcome == CancelOutcome.NotFound)
        {
            return NotFound();
        }
        if (Request.WantsFragment())
        {
            Response.Htmx(h => h.WithTrigger(HtmxEvents.HistoryChanged));
            return new NoContentResult();
        }
        return RedirectToPage(new { id });
    }
}
