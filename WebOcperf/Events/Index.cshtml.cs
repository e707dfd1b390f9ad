using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using WebOcperf.Infrastructure;
using WebOcperf.Perf.Catalog;
using WebOcperf.Running.Remote;

namespace WebOcperf.Events;

/// <summary>
/// <c>/events</c> (<c>?host=NAME</c>: that host's): a machine's event catalog — where its entries came from, a search
/// over names and descriptions, and the actions that rebuild it (run perf list again) or fetch Intel's event files for
/// its CPU. The search handler also serves the event picker of the benchmark form, for the host chosen there.
/// </summary>
public sealed class IndexModel(EventCatalogs catalogs) : PageModel
{
    public const int PickerResultLimit = 60;
    public const int PageResultLimit = 200;

    public EventCatalog Catalog { get; private set; } = EventCatalog.Empty;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    public IReadOnlyList<CatalogEntry> Results { get; private set; } = [];

    /// <summary>The machine whose catalog this is, as <c>?host=</c> names it; empty for this machine.</summary>
    [BindProperty(SupportsGet = true, Name = "host")]
    public string? Host { get; set; }

    /// <summary>The machine's configured name (<c>local</c> for this one).</summary>
    public string HostName { get; private set; } = Infrastructure.RemoteHostOptions.LocalName;

    public bool IsLocal => HostChecks.IsLocal(HostName);

    public IReadOnlyList<string> HostNames => catalogs.HostNames;

    /// <summary>Why the host's catalog cannot be shown now (unreachable, no perf there), or null.</summary>
    public string? Unavailable { get; private set; }

    /// <summary>
    /// Loads the catalog of the machine asked for: false (with the response made) when no machine has that name or the
    /// host cannot be asked now.
    /// </summary>
    private async Task<IActionResult?> LoadCatalogAsync(bool refresh, CancellationToken cancellationToken)
    {
        // the form's picker sends its host select as it is named there
        var host = string.IsNullOrEmpty(Host) ? Request.Query["Form.Host"].ToString() : Host;
        if (catalogs.Canonical(host) is not { } name)
        {
            var message = HostChecks.ValidateName(host, catalogs.HostNames) ?? $"no host is named {host}";
            return Request.WantsFragment()
                ? new ContentResult { StatusCode = StatusCodes.Status400BadRequest, ContentType = "text/plain", Content = message }
                : BadRequestPage(message);
        }
        HostName = name;
        try
        {
            Catalog = refresh ? await catalogs.RefreshAsync(name, cancellationToken) : await catalogs.GetAsync(name, cancellationToken);
            return null;
        }
        catch (HostCatalogUnavailableException e)
        {
            Unavailable = e.Problem;
            if (Request.WantsFragment())
            {
                // htmx swaps nothing for a 503 and shows this text in its banner instead
                return new ContentResult { StatusCode = StatusCodes.Status503ServiceUnavailable, ContentType = "text/plain",
                    Content = $"The events of {name} cannot be listed now. {e.Problem}" };
            }
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Page();
        }
    }

    /// <summary>The page was asked for a machine no host is named after: nothing of any machine's catalog is shown.</summary>
    public bool UnknownHost { get; private set; }

    private PageResult BadRequestPage(string message)
    {
        UnknownHost = true;
        Unavailable = message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadCatalogAsync(refresh: false, cancellationToken) is { } answered)
        {
            return answered;
        }
        Results = Catalog.Search(Query ?? "", PageResultLimit);
        return Page();
    }

    /// <summary>
    /// Whether the results are the options of the event picker's listbox (role=option, chosen with the keyboard) or
    /// the plain list of the catalog page.
    /// </summary>
    public bool AsPickerOptions { get; private set; }

    /// <summary>The catalog page's list as you type in its search box: the page's limit, never empty for an empty box.</summary>
    public async Task<IActionResult> OnGetListAsync(CancellationToken cancellationToken)
    {
        if (await LoadCatalogAsync(refresh: false, cancellationToken) is { } answered)
        {
            return answered;
        }
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
        if (await LoadCatalogAsync(refresh: false, cancellationToken) is { } answered)
        {
            return answered;
        }
        Results = Catalog.Search(Query ?? "", Request.WantsFragment() ? PickerResultLimit : PageResultLimit);
        return Partial("_EventResults", this);
    }

    public async Task<IActionResult> OnPostRefreshAsync(CancellationToken cancellationToken)
    {
        if (await LoadCatalogAsync(refresh: true, cancellationToken) is { } answered)
        {
            return answered;
        }
        Message = $"The catalog was rebuilt: {Catalog.Entries.Count:N0} events.";
        Results = Catalog.Search("", PageResultLimit);
        return Page();
    }

    public async Task<IActionResult> OnPostDownloadAsync(CancellationToken cancellationToken)
    {
        if (await LoadCatalogAsync(refresh: false, cancellationToken) is { } answered)
        {
            return answered;
        }
        DownloadReport report;
        try
        {
            report = await catalogs.DownloadAsync(HostName, cancellationToken);
            Catalog = await catalogs.GetAsync(HostName, cancellationToken);
        }
        catch (HostCatalogUnavailableException e)
        {
            // the host went away since its catalog was built
            Unavailable = e.Problem;
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Page();
        }
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
