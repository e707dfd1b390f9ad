using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebOcperf.Api;
using WebOcperf.Configuration;
using WebOcperf.Data;
using WebOcperf.Downloads;
using WebOcperf.Events;
using WebOcperf.Profiles;
using WebOcperf.Results;
using WebOcperf.Running;
using WebOcperf.Security;
using WebOcperf.Streaming;

namespace WebOcperf.Hosting;

public static class WebOcperfHosting
{
    public const string DatabaseFileName = "webocperf.db";

    /// <summary>Loopback only: WebOcperf runs commands. Remote users reach it through an ssh tunnel to this port.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5000";

    /// <summary>Options, database, runner and pages.</summary>
    public static WebApplicationBuilder AddWebOcperf(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var listen = ListenAddresses.FromConfiguration(configuration, DefaultUrl);
        if (string.IsNullOrEmpty(configuration[WebHostDefaults.ServerUrlsKey])
            && string.IsNullOrEmpty(configuration["http_ports"])
            && !configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // `dotnet run` serves wwwroot from the build output in every environment, not only in Development
        // (without this, Production answers gzip requests for those files with empty bodies)
        builder.WebHost.UseStaticWebAssets();

        var services = builder.Services;
        services.AddOptions<WebOcperfOptions>().BindConfiguration(WebOcperfOptions.SectionName)
            .Validate(o => o.MaxConcurrentRuns >= 1, "WebOcperf:MaxConcurrentRuns must be at least 1")
            .Validate(o => o.MaxRunDuration > TimeSpan.Zero && o.MaxRunDuration <= TimeSpan.FromDays(24),
                "WebOcperf:MaxRunDuration must be positive and at most 24 days")
            .Validate(o => o.StopGracePeriod > TimeSpan.Zero && o.StopGracePeriod <= TimeSpan.FromHours(1),
                "WebOcperf:StopGracePeriod must be positive and at most an hour")
            .ValidateOnStart();

        services.AddDbContext<WebOcperfDb>((provider, db) =>
        {
            var dataDirectory = provider.GetRequiredService<IOptions<WebOcperfOptions>>().Value.ResolveDataDirectory();
            db.UseSqlite($"Data Source={Path.Combine(dataDirectory, DatabaseFileName)}");
        });

        services.AddOptions<EventCatalogOptions>().BindConfiguration(EventCatalogOptions.SectionName)
            .PostConfigure(catalog =>
            {
                // ocperf's own switch: EVENTMAP=GenuineIntel-6-55-4 or EVENTMAP=/path/to/events.json
                if (string.IsNullOrWhiteSpace(catalog.EventMap))
                {
                    catalog.EventMap = Environment.GetEnvironmentVariable("EVENTMAP") ?? "";
                }
            });
        services.AddSingleton<EventCatalogService>();

        services.AddSingleton(TimeProvider.System);
        services.AddMemoryCache(cache => cache.SizeLimit = 2_000_000);
        services.AddSingleton<BenchmarkFiles>();
        services.AddSingleton<BenchmarkResults>();
        services.AddSingleton<PerfInstallation>();
        services.AddSingleton<BenchmarkQueue>();
        services.AddSingleton<LiveFeeds>();
        services.AddSingleton<ActiveRuns>();
        services.AddSingleton<BenchmarkExecution>();
        services.AddSingleton<RecordIngestion>();
        services.AddScoped<BenchmarkScheduler>();
        services.AddScoped<WebOcperf.Benchmarks.BenchmarkDeletion>();
        services.AddScoped<WebOcperf.Sessions.SessionQueries>();
        services.AddScoped<WebOcperf.Features.Benchmarks.BenchmarkViews>();
        services.AddHostedService<BenchmarkRunner>();
        services.AddSingleton(provider =>
            new ClientAllowlist(provider.GetRequiredService<IOptions<WebOcperfOptions>>().Value.EffectiveAllowedClients));
        services.AddSingleton(listen);
        services.AddSingleton<AccessTokenState>();
        services.AddHostedService<AccessTokenAnnouncer>();

        services.Configure<JsonOptions>(json => ApiJson.Configure(json.SerializerOptions));
        services.AddProblemDetails();
        services.AddRazorPages(pages => pages.RootDirectory = "/Features");
        services.AddAntiforgery(antiforgery => antiforgery.HeaderName = "RequestVerificationToken");
        return builder;
    }

    /// <summary>The request pipeline: security headers on every answer, who may connect, then static files, then the app.</summary>
    public static WebApplication UseWebOcperf(this WebApplication app)
    {
        // first, so that the refusals below (403, 421) carry the headers too
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseMiddleware<ClientAllowlistMiddleware>();
        app.UseMiddleware<HostAllowlistMiddleware>();
        app.UseMiddleware<AccessTokenMiddleware>();
        app.UseMiddleware<CrossSiteRequestMiddleware>();
        // an unexpected failure is a problem-details body for the API and the error page for people
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.UseExceptionHandler());
        if (!app.Environment.IsDevelopment())
        {
            app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api"), pages => pages.UseExceptionHandler("/Error"));
        }
        app.UseStatusCodePagesWithReExecute("/Error", "?status={0}");
        app.UseRouting();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapWebOcperf(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorPages().WithStaticAssets();
        app.MapBenchmarkStream();
        app.MapSeries();
        app.MapProfiles();
        app.MapDownloads();
        app.MapApiV1();
        return app;
    }

    /// <summary>
    /// Creates the data directory, checks that it is writable (and says so plainly when it is not), applies the
    /// migrations and switches SQLite to WAL so that readers never wait for the runner's writes.
    /// </summary>
    public static async Task PrepareDataAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<WebOcperfOptions>>().Value;
        var dataDirectory = options.ResolveDataDirectory();
        try
        {
            Directory.CreateDirectory(Path.Combine(dataDirectory, "benchmarks"));
            var probe = Path.Combine(dataDirectory, $".write-test-{Environment.ProcessId}");
            await File.WriteAllTextAsync(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new InvalidOperationException(
                $"WebOcperf cannot write its data directory '{dataDirectory}' ({e.Message}). " +
                "Set WebOcperf:DataDirectory (or WebOcperf__DataDirectory) to a writable directory.", e);
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WebOcperfDb>();
        await db.Database.MigrateAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        app.Logger.LogInformation("Data directory: {DataDirectory}", dataDirectory);
    }
}
