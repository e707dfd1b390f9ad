using Microsoft.EntityFrameworkCore;

namespace WebOcperf.Data;

public sealed class WebOcperfDb(DbContextOptions<WebOcperfDb> options) : DbContext(options)
{
    public DbSet<Session> Sessions => Set<Session>();
    public DbSet<Benchmark> Benchmarks => Set<Benchmark>();
    public DbSet<BenchmarkRepetition> Repetitions => Set<BenchmarkRepetition>();

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
            // a session's page asks whether any of its runs is unfinished and which hosts its runs used: with 10,000 runs
            // in a session, without these each question reads every row of it
            benchmark.HasIndex(b => new { b.SessionId, b.Status });
            benchmark.HasIndex(b => new { b.SessionId, b.Host });
            benchmark.Property(b => b.Host).HasMaxLength(64);
            benchmark.Ignore(b => b.HostName);
            benchmark.Ignore(b => b.IsFinished);
            benchmark.Ignore(b => b.EnvironmentPairs);
            benchmark.Ignore(b => b.IsRepeated);
            benchmark.Ignore(b => b.DefaultRepetition);
            benchmark.Property(b => b.PrepareCommand).HasMaxLength(Benchmark.MaxPrepareCommandLength);
            // the context's few values as columns of the benchmark's row (Context_KernelRelease, …)
            benchmark.OwnsOne(b => b.Context);
            benchmark.HasMany(b => b.Repetitions).WithOne().HasForeignKey(r => r.BenchmarkId)
                .OnDelete(DeleteBehavior.Cascade);
            benchmark.Ignore(b => b.Sampling);
            benchmark.Ignore(b => b.EventsForPerf);
            benchmark.Ignore(b => b.TypedCommandLine);
        });

        modelBuilder.Entity<BenchmarkRepetition>(repetition =>
        {
            repetition.HasKey(r => new { r.BenchmarkId, r.Warmup, r.Index });
            repetition.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
            repetition.Ignore(r => r.IsMeasured);
            repetition.Ignore(r => r.Label);
            repetition.Ignore(r => r.DirectoryName);
        });
    }
}
