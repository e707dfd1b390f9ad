using WebOcperf.Data;

namespace WebOcperf.Sessions;

public sealed record SessionDto(Guid Id, string Title, DateTime CreatedAt, int BenchmarkCount, BenchmarkStatus? LastStatus);

public sealed record CreateSessionDto(string? Title);

/// <summary>The body of <c>PATCH /api/v1/session/{id}</c>: the session's new title.</summary>
public sealed record RenameSessionDto(string? Title);
