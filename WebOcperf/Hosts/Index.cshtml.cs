using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using WebOcperf.Running.Remote;

namespace WebOcperf.Hosts;

/// <summary>
/// <c>/hosts</c>: every machine runs can go to — this one and the configured ssh hosts — with whether perf can run
/// there, its perf, kernel and CPU, and what the kernel's limits mean for the results. Checked on opening (recent
/// checks are reused) and again on demand.
/// </summary>
public sealed class IndexModel(HostChecks checks) : PageModel
{
    public IReadOnlyList<HostStatus> Hosts { get; private set; } = [];

    public bool CheckedAfresh { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Hosts = await HostOverview.CheckAllAsync(checks, fresh: false, cancellationToken);

    public async Task<IActionResult> OnPostCheckAsync(CancellationToken cancellationToken)
    {
        Hosts = await HostOverview.CheckAllAsync(checks, fresh: true, cancellationToken);
        CheckedAfresh = true;
        return Page();
    }
}
