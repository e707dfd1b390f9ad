namespace WebOcperf.Benchmarks;

public static class BenchmarksRegistration
{
    /// <summary>Everything about one benchmark: its results, its views, its deletion.</summary>
    public static IServiceCollection AddBenchmarks(this IServiceCollection services)
    {
        services.AddSingleton<BenchmarkResults>();
        services.AddScoped<BenchmarkSubmission>();
        services.AddScoped<BenchmarkDeletion>();
        services.AddScoped<BenchmarkViews>();
        return services;
    }

    /// <summary>What answers under <c>/benchmarks/{id}/…</c> besides the pages: the event stream, series, profile, downloads.</summary>
    public static WebApplication MapBenchmarks(this WebApplication app)
    {
        app.MapBenchmarkStream();
        app.MapSeries();
        app.MapProfiles();
        app.MapDownloads();
        return app;
    }
}
