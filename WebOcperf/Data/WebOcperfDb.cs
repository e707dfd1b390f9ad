using Microsoft.EntityFrameworkCore;

namespace WebOcperf.Data;

public sealed class WebOcperfDb(DbContextOptions<WebOcperfDb> options) : DbContext(options)
{
    public DbSet<Session> Sessions => Set<Session>();
    public DbSet<Benchmark> Benchmarks => Set<Benchmark>();

    /// <summary>All times are stored as UTC; SQLite keeps no kind, so say so when reading them back.</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
        value => value.ToUniversalTime(),
        value => DateTime.SpecifyKind(value, DateTimeKind.Utc));

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Session>(session =>
        {
            session.Property(s => s.Title).HasMaxLength(Session.MaxTitleLength);
            session.HasIndex(s => s.CreatedAt);
            session.HasMany(s => s.Benchmarks).WithOne(b => b.Session).HasForeignKey(b => b.SessionId)
                .OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Benchmark>(benchmark =>
        {
            benchmark.Property(b => b.Status).HasConversion<string>().HasMaxLength(16);
            benchmark.Property(b => b.Tool).HasConversion<string>().HasMaxLength(16);
            benchmark.Property(b => b.CallGraph).HasConversion<string>().HasMaxLength(16);
            benchmark.HasIndex(b => new { b.SessionId, b.CreatedAt });
            benchmark.HasIndex(b => b.Status);
            benchmark.Ignore(b => b.IsFinished);
            benchmark.Ignore(b => b.EnvironmentPairs);
        });
    }
}
