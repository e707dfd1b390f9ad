using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace WebOcperf.Benchmarks;

/// <summary><c>/benchmarks/{id}/plot</c>: the chart and the table alone, for embedding and for the API's html format.</summary>
public sealed class PlotModel(BenchmarkViews views) : PageModel
{
    public BenchmarkView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var view = await views.LoadAsync(id, cancellationToken);
        if (view is null)
        {
            return NotFound();
        }
        View = view;
        return Page();
    }
}
