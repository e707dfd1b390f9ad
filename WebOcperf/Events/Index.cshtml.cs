using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using WebOcperf.Events;
using WebOcperf.Infrastructure;
using WebOcperf.Perf.Catalog;

namespace WebOcperf.Events;

/// <summary>
/// <c>/events</c>: the event catalog — where its entries came from, a search over names and descriptions, and the
/// actions that rebuild it (run perf list again) or fetch Intel's event files for this CPU.
/// The search handler also serves the event picker of the benchmark form.
/// </summary>
public sealed class IndexModel(EventCatalogService catalogs) : PageModel
{
    public const int PickerResultLimit = 60;
    public const int PageResultLimit = 200;

    public EventCatalog Catalog { get; private set; } = EventCatalog.Empty;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    public IReadOnlyList<CatalogEntry> Results { get; private set; } = [];

    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Catalog = await catalogs.GetAsync(cancellationToken);
        Results = Catalog.Search(Query ?? "", PageResultLimit);
    }

    /// <summary>
    /// Whether the results are the options of the event picker's listbox (role=option, chosen with the keyboard) or
    /// the plain list of the catalog page.
    /// </summary>
    public bool AsPickerOptions { get; private set; }

    /// <summary>The catalog page's list as you type in its search box: the page's limit, never empty for an empty box.</summary>
    public async Task<IActionResult> OnGetListAsync(CancellationToken cancellationToken)
    {
        Catalog = await catalogs.GetAsync(cancellationToken);
        Results = Catalog.Search(Query ?? "", PageResultLimit);
        return Partial("_EventResults", this);
    }

    /// <summary>The picker's results as you type: grouped by kind, brief description shown, long one on demand.</summary>
    public async Task<IActionResult> OnGetSearchAsync(CancellationToken cancellationToken)
    {
        AsPickerOptions = true;
        if (Request.WantsFragment() && string.IsNullOrWhiteSpace(Query))
        {
            // an emptied search box closes the picker's list rather than opening a page of every kind
            return Content("", "text/html");
        }
        Catalog = await catalogs.GetAsync(cancellationToken);
        Results = Catalog.Search(Query ?? "", Request.WantsFragment() ? PickerResultLimit : PageResultLimit);
        return Partial("_EventResults", this);
    }

    public async Task<IActionResult> OnPostRefreshAsync(CancellationToken cancellationToken)
    {
        Catalog = await catalogs.RefreshAsync(cancellationToken);
        Message = $"The catalog was rebuilt: {Catalog.Entries.Count:N0} events.";
        Results = Catalog.Search("", PageResultLimit);
        return Page();
    }

    public async Task<IActionResult> OnPostDownloadAsync(CancellationToken cancellationToken)
    {
        var report = await catalogs.DownloadAsync(cancellationToken);
        Catalog = await catalogs.GetAsync(cancellationToken);
        var fetched = report.Files.Count(f => f.Error is null);
        Message = report.Error is null
            ? $"Fetched {fetched} event file(s) for {report.CpuString}; the catalog now has {Catalog.Entries.Count:N0} events."
            : $"The download for {report.CpuString} did not complete ({report.Error}); {fetched} file(s) fetched, cached files stay in use.";
        Results = Catalog.Search("", PageResultLimit);
        return Page();
    }

    public static string KindLabel(EventKind kind) => kind switch
    {
        EventKind.Hardware => "Hardware events",
        EventKind.HardwareCache => "Hardware cache events",
        EventKind.Software => "Software events",
        EventKind.Tool => "Tool events",
        EventKind.KernelPmu => "Kernel PMU events",
        EventKind.PmuEvent => "PMU events",
        EventKind.IntelCore => "Intel core events",
        EventKind.IntelUncore => "Intel uncore events",
        EventKind.Tracepoint => "Tracepoints",
        EventKind.SdtEvent => "SDT events",
        EventKind.Metric => "Metrics",
        EventKind.MetricGroup => "Metric groups",
        _ => "Other events",
    };
}
