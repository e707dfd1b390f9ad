using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.EntityFrameworkCore;
using WebOcperf.Benchmarks;
using WebOcperf.Data;
using WebOcperf.Events;
using WebOcperf.Infrastructure;
using WebOcperf.Perf;
using WebOcperf.Running;
using WebOcperf.Running.Remote;

namespace WebOcperf.Sessions;

/// <summary>
/// A session: the benchmark form and the history on the left, the selected benchmark's result on the right.
/// <c>?benchmark=</c> selects a run; htmx swaps the workspace (form + result) and pushes that URL.
/// </summary>
public sealed class DetailModel(WebOcperfDb db, BenchmarkViews views, SessionHistory history, HostChecks hosts, TimeProvider time) : PageModel
{
    public Session Session { get; private set; } = null!;

    /// <summary>The runs the history shows from its top: the newest page, or down to a run the page already shows.</summary>
    public List<Benchmark> History { get; private set; } = [];

    /// <summary>Whether older runs than <see cref="History"/> match too ("Show more").</summary>
    public bool HistoryHasMore { get; private set; }

    /// <summary>The history's search: text in the description or workload, and a status.</summary>
    public HistoryFilter HistoryFilter { get; private set; } = HistoryFilter.None;

    /// <summary>
    /// The hosts the history can be filtered by: every configured machine and any other a run of this session went to.
    /// The history names each run's host only when there is more than one to tell apart.
    /// </summary>
    public IReadOnlyList<string> HostChoices { get; private set; } = [];

    public bool ShowsHosts => HostChoices.Count > 1;

    /// <summary>An older page of the history, appended below what the page shows.</summary>
    public HistoryPage? OlderPage { get; private set; }

    public BenchmarkView? Selected { get; private set; }

    /// <summary>The rename form is shown instead of the title.</summary>
    public bool Renaming { get; private set; }
    public string? RenameTitle { get; private set; }
    public string? RenameError { get; private set; }

    [BindProperty]
    public BenchmarkForm Form { get; set; } = new();

    public Dictionary<string, List<string>> Errors { get; private set; } = [];
    public string? SubmitError { get; private set; }
    public DateTime Now { get; private set; }

    public bool HasUnfinished => History.Any(b => !b.IsFinished);

    /// <summary>
    /// The oldest run of the history's live part, which is refreshed down to it while runs go on (older pages loaded
    /// below stay as they are); null when the live part is the whole history.
    /// </summary>
    public Guid? LiveDownTo { get; private set; }

    /// <summary>Runs that differ from the run before them in one setting only, with that setting (the history marks them).</summary>
    public IReadOnlyDictionary<Guid, string> SingleChanges => _singleChanges ??= BenchmarkDifferences.SingleChanges(History);

    private IReadOnlyDictionary<Guid, string>? _singleChanges;

    public async Task<IActionResult> OnGetAsync(Guid id, Guid? benchmark, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        var chosen = benchmark is { } benchmarkId
            ? History.FirstOrDefault(b => b.Id == benchmarkId)
              ?? await db.Benchmarks.AsNoTracking().FirstOrDefaultAsync(b => b.Id == benchmarkId && b.SessionId == id, cancellationToken)
            : null;
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

    /// <summary>
    /// The history's list for a search (<c>q</c>, <c>status</c>): its newest page. With <c>downTo</c>, the live part
    /// only — every run from the newest down to that one — as the page refreshes it while runs go on, leaving the older
    /// pages it loaded (and any selection made in them) alone.
    /// </summary>
    public async Task<IActionResult> OnGetHistoryAsync(Guid id, string? q, string? status, string? host, bool live, Guid? downTo,
        CancellationToken cancellationToken)
    {
        if (!HistoryFilter.TryParse(q, status, host, out var filter, out var error))
        {
            return BadRequest(error);
        }
        if (!await LoadAsync(id, cancellationToken, filter, live ? downTo ?? Guid.Empty : null))
        {
            return NotFound();
        }
        return Partial(live ? "_HistoryLive" : "_HistoryList", this);
    }

    /// <summary>The next page of the history, older than <c>before</c>: rows to append, and the next "Show more".</summary>
    public async Task<IActionResult> OnGetHistoryMoreAsync(Guid id, string? q, string? status, string? host, string? before,
        CancellationToken cancellationToken)
    {
        if (!HistoryFilter.TryParse(q, status, host, out var filter, out var error))
        {
            return BadRequest(error);
        }
        if (!Guid.TryParse(before, out var beforeId))
        {
            return BadRequest($"before: '{Perf.TextPreview.Shorten(before ?? "")}' is not the id of a run (the last one shown).");
        }
        if (!await LoadSessionAsync(id, cancellationToken))
        {
            return NotFound();
        }
        HistoryFilter = filter;
        OlderPage = await history.PageAsync(id, filter, beforeId, SessionHistory.PageSize, cancellationToken);
        // (a run deleted since it was shown, or one of another session)
        return OlderPage is null ? BadRequest($"before: {beforeId} is no run of this session.") : Partial("_HistoryMore", this);
    }

    /// <summary>The rename form in place of the title (htmx), or the page with it (without scripts).</summary>
    public async Task<IActionResult> OnGetRenameAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadSessionAsync(id, cancellationToken))
        {
            return NotFound();
        }
        Renaming = true;
        return await HeadAsync(id, cancellationToken);
    }

    /// <summary>The title again, as when renaming is cancelled.</summary>
    public async Task<IActionResult> OnGetHeadAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadSessionAsync(id, cancellationToken) ? await HeadAsync(id, cancellationToken) : NotFound();

    public async Task<IActionResult> OnPostRenameAsync(Guid id, [FromForm] string? title, [FromServices] SessionQueries sessions,
        CancellationToken cancellationToken)
    {
        if (!await LoadSessionAsync(id, cancellationToken))
        {
            return NotFound();
        }
        RenameError = SessionQueries.ValidateTitle(title);
        if (RenameError is not null)
        {
            Renaming = true;
            RenameTitle = title;
            if (!Request.WantsFragment())
            {
                Response.StatusCode = StatusCodes.Status400BadRequest;
            }
            return await HeadAsync(id, cancellationToken);
        }
        Session = (await sessions.RenameAsync(id, title!, cancellationToken))!;
        return Request.WantsFragment() ? await HeadAsync(id, cancellationToken) : RedirectToPage(new { id });
    }

    /// <summary>For htmx the title block alone; without scripts the whole page around it.</summary>
    private async Task<IActionResult> HeadAsync(Guid id, CancellationToken cancellationToken)
    {
        if (Request.WantsFragment())
        {
            return new PartialViewResult
            {
                ViewName = "_SessionHead",
                ViewData = new ViewDataDictionary<DetailModel>(ViewData, this) { ["HtmxAnswer"] = true },
            };
        }
        await LoadAsync(id, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRunAsync(Guid id, [FromServices] BenchmarkSubmission submission,
        CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        var (request, readErrors) = Form.Read();
        // what the binder could not read (Tool=7, Streaming=abc) stops the submission like the form's own errors
        foreach (var (field, messages) in BindingErrors())
        {
            readErrors.TryAdd(BenchmarkForm.ApiFieldOf(field), []);
            readErrors[BenchmarkForm.ApiFieldOf(field)].AddRange(messages);
        }
        var submitted = await submission.SubmitAsync(id, request, readErrors, cancellationToken);
        Errors = submitted.Errors.GroupBy(e => BenchmarkForm.FieldOf(e.Key))
            .ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).ToList());
        if (submitted.Refusal is { Outcome: SubmitOutcome.PerfMissing, Host: not null } hostRefusal)
        {
            // the preflight: a host that cannot run perf now is said beside the host field; nothing was stored
            Errors[nameof(Form.Host)] = [hostRefusal.Problem!];
            return FormWithErrors();
        }
        if (submitted.Refusal is { } refusal)
        {
            SubmitError = refusal.Problem;
            if (refusal.Outcome == SubmitOutcome.QueueFull)
            {
                Response.Headers.RetryAfter = ((int)SubmitResult.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            if (!Request.WantsFragment())
            {
                Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            }
            return FormWithErrors();
        }
        if (submitted.Benchmark is not { } benchmark)
        {
            return FormWithErrors();
        }

        if (!Request.WantsFragment())
        {
            return RedirectToPage(new { id, benchmark = benchmark.Id });
        }
        await LoadAsync(id, cancellationToken);
        await SelectAsync(History.FirstOrDefault(b => b.Id == benchmark.Id)
            ?? await db.Benchmarks.AsNoTracking().FirstAsync(b => b.Id == benchmark.Id, cancellationToken), cancellationToken);
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

    /// <summary>
    /// Values the form's fields could not take (<c>Streaming=abc</c>, <c>Tool=x</c>): reported under the field rather
    /// than silently replaced by the field's default.
    /// </summary>
    /// <summary>The form's fields the model binder could not read, with its messages.</summary>
    private IEnumerable<(string Field, List<string> Messages)> BindingErrors()
    {
        const string prefix = nameof(Form) + ".";
        foreach (var (key, entry) in ModelState)
        {
            if (entry.Errors.Count == 0 || !key.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }
            var field = key[prefix.Length..].Split('[')[0];
            yield return (field, entry.Errors.Select(e => string.IsNullOrEmpty(e.ErrorMessage)
                ? $"'{TextPreview.Shorten(entry.AttemptedValue ?? "")}' is not a valid value for {field}."
                : e.ErrorMessage).ToList());
        }
    }

    /// <summary>The form again with its messages; for htmx only the form is swapped, the result shown stays.</summary>
    private IActionResult FormWithErrors()
    {
        if (!Request.WantsFragment())
        {
            // htmx swaps only 2xx answers; a plain form post says what it is: bad input, unless the server refused it
            if (Response.StatusCode == StatusCodes.Status200OK)
            {
                Response.StatusCode = StatusCodes.Status400BadRequest;
            }
            return Page();
        }
        Response.Htmx(h => h.Reswap(HtmxSwap.None));
        return new PartialViewResult
        {
            ViewName = "_BenchmarkFormPanel",
            ViewData = new ViewDataDictionary<DetailModel>(ViewData, this) { ["OutOfBand"] = true },
        };
    }

    /// <summary>A history handler's URL carrying the current search, so that every part of the list follows it.</summary>
    public string HistoryUrl(string handler, params (string Name, string? Value)[] extra)
    {
        var parameters = new List<KeyValuePair<string, string?>> { new("handler", handler) };
        if (HistoryFilter.Text is { } text)
        {
            parameters.Add(new("q", text));
        }
        if (HistoryFilter.Status is { } status)
        {
            parameters.Add(new("status", status.ToString()));
        }
        if (HistoryFilter.Host is { } host)
        {
            parameters.Add(new("host", host));
        }
        parameters.AddRange(extra.Where(p => p.Value is not null).Select(p => new KeyValuePair<string, string?>(p.Name, p.Value)));
        return $"/sessions/{Session.Id}{QueryString.Create(parameters)}";
    }

    public string ErrorOf(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : "";

    private async Task SelectAsync(Benchmark benchmark, CancellationToken cancellationToken)
    {
        benchmark.Session = Session;
        Selected = await views.BuildAsync(benchmark, cancellationToken);
    }

    /// <summary>
    /// The session and the top of its history: the newest page; or, refreshing the live part (<paramref name="liveDownTo"/>
    /// given), every run down to that one — <see cref="Guid.Empty"/> when the live part is the whole history.
    /// </summary>
    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken, HistoryFilter? filter = null,
        Guid? liveDownTo = null)
    {
        if (!await LoadSessionAsync(id, cancellationToken))
        {
            return false;
        }
        HistoryFilter = filter ?? HistoryFilter.None;
        if (liveDownTo == Guid.Empty)
        {
            History = (await history.PageAsync(id, HistoryFilter, null, limit: null, cancellationToken))!.Rows;
            return true;
        }
        if (liveDownTo is { } oldest && await history.DownToAsync(id, HistoryFilter, oldest, cancellationToken) is { } live)
        {
            History = live;
            LiveDownTo = oldest;
            return true;
        }
        // the first view, or that run was deleted meanwhile (then older pages already shown may repeat a few rows)
        var page = (await history.PageAsync(id, HistoryFilter, null, SessionHistory.PageSize, cancellationToken))!;
        History = page.Rows;
        HistoryHasMore = page.HasMore;
        LiveDownTo = page.HasMore ? page.Rows[^1].Id : null;
        return true;
    }

    private async Task<bool> LoadSessionAsync(Guid id, CancellationToken cancellationToken)
    {
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (session is null)
        {
            return false;
        }
        Session = session;
        Now = time.GetUtcNow().UtcDateTime;
        var used = await history.HostsUsedAsync(id, cancellationToken);
        HostChoices = [.. hosts.Names, .. used.Where(h => !hosts.Names.Contains(h, StringComparer.OrdinalIgnoreCase))];
        return true;
    }
}
