using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using WebOcperf.Infrastructure;
using WebOcperf.Sessions;

namespace WebOcperf.Sessions;

/// <summary>The sessions list at <c>/</c>: create a session, or filter the list by typing in the same box.</summary>
public sealed class IndexModel(SessionQueries sessions) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "title")]
    public string? Title { get; set; }

    public List<SessionRow> Sessions { get; private set; } = [];

    public string? TitleError { get; private set; }

    public Guid? CreatedId { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Sessions = await sessions.ListAsync(Title, cancellationToken);
        return Request.WantsFragment() ? Partial("_SessionRows", this) : Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        TitleError = SessionQueries.ValidateTitle(Title);
        if (TitleError is null)
        {
            var session = await sessions.CreateAsync(Title!, cancellationToken);
            CreatedId = session.Id;
            Title = null;
            if (!Request.WantsFragment())
            {
                return RedirectToPage("/Sessions/Detail", new { id = session.Id });
            }
        }
        Sessions = await sessions.ListAsync(null, cancellationToken);
        if (Request.WantsFragment())
        {
            return Partial("_SessionsPanel", this);
        }
        return Page();
    }
}
