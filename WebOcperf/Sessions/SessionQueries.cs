using Microsoft.EntityFrameworkCore;
using WebOcperf.Data;

namespace WebOcperf.Sessions;

/// <summary>A row of the sessions list.</summary>
public sealed record SessionRow(Guid Id, string Title, DateTime CreatedAt, int BenchmarkCount, BenchmarkStatus? LastStatus);

/// <summary>Reading and creating sessions, shared by the pages and the API.</summary>
public sealed class SessionQueries(WebOcperfDb db, TimeProvider time)
{
    /// <summary>Sessions newest first, optionally only those whose title contains <paramref name="filter"/>.</summary>
    public async Task<List<SessionRow>> ListAsync(string? filter, CancellationToken cancellationToken)
    {
        var rows = await AsRows(db.Sessions.AsNoTracking().OrderByDescending(s => s.CreatedAt)).ToListAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(filter))
        {
            return rows;
        }
        // matched in .NET: SQLite's lower() and LIKE fold ASCII letters only, so "über" would miss "Über-Test"
        var text = filter.Trim();
        return rows.Where(row => row.Title.Contains(text, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    public async Task<Session> CreateAsync(string title, CancellationToken cancellationToken)
    {
        var session = new Session { Title = title.Trim(), CreatedAt = time.GetUtcNow().UtcDateTime };
        db.Sessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return session;
    }

    /// <summary>Gives a session a new title (checked with <see cref="ValidateTitle"/> first); null when there is no such session.</summary>
    public async Task<Session?> RenameAsync(Guid id, string title, CancellationToken cancellationToken)
    {
        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (session is null)
        {
            return null;
        }
        session.Title = title.Trim();
        await db.SaveChangesAsync(cancellationToken);
        return session;
    }

    /// <summary>One session as a row of the list; null when there is no such session.</summary>
    public Task<SessionRow?> FindRowAsync(Guid id, CancellationToken cancellationToken) =>
        AsRows(db.Sessions.AsNoTracking().Where(s => s.Id == id)).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Sessions as list rows: their benchmark count and the newest benchmark's status, counted by the database.</summary>
    private static IQueryable<SessionRow> AsRows(IQueryable<Session> sessions) =>
        sessions.Select(s => new SessionRow(
            s.Id,
            s.Title,
            s.CreatedAt,
            s.Benchmarks.Count,
            s.Benchmarks.OrderByDescending(b => b.CreatedAt).Select(b => (BenchmarkStatus?)b.Status).FirstOrDefault()));

    /// <summary>The problem with a title, in words for the user; null when it is fine.</summary>
    public static string? ValidateTitle(string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return "Enter a title for the session.";
        }
        if (title.Trim().Length > Session.MaxTitleLength)
        {
            return $"The title is longer than {Session.MaxTitleLength} characters.";
        }
        if (title.Any(char.IsControl))
        {
            return "The title contains control characters (such as NUL or a line break).";
        }
        return null;
    }
}
