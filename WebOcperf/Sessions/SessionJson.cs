using WebOcperf.Data;

namespace WebOcperf.Sessions;

public sealed record SessionDto(Guid Id, string Title, DateTime CreatedAt, int BenchmarkCount, BenchmarkStatus? LastStatus);

public sealed record CreateSessionDto(string? Title);
