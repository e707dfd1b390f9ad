namespace WebOcperf.Data;

/// <summary>A named group of benchmarks, e.g. one investigation.</summary>
public sealed class Session
{
    public const int MaxTitleLength = 200;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Title { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public List<Benchmark> Benchmarks { get; set; } = [];
}
