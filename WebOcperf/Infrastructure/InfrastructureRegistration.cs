using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace WebOcperf.Infrastructure;

/// <summary>Hosting glue every feature relies on: options, JSON, pages, antiforgery, error pages, static files.</summary>
public static class InfrastructureRegistration
{
    /// <summary>Loopback only: WebOcperf runs commands. Remote users reach it through an ssh tunnel to this port.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5000";

    public static WebApplicationBuilder AddInfrastructure(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
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
            .Validate(o => o.SshConnectTimeout >= TimeSpan.FromSeconds(1) && o.SshConnectTimeout <= TimeSpan.FromMinutes(10),
                "WebOcperf:SshConnectTimeout must be between 1 second and 10 minutes")
            .Validate(o => o.SshControlPersist >= TimeSpan.FromSeconds(1), "WebOcperf:SshControlPersist must be at least a second")
            .Validate(o => o.RemoteReconnectWindow >= TimeSpan.Zero, "WebOcperf:RemoteReconnectWindow must not be negative")
            .Validate(o => o.HostCheckCacheDuration >= TimeSpan.Zero, "WebOcperf:HostCheckCacheDuration must not be negative")
            .Validate(o => o.MaxRecordingBytes >= 1024 * 1024, "WebOcperf:MaxRecordingBytes must be at least 1 MiB (1048576)")
            .Validate(o => o.MinFreeDiskBytes >= 0, "WebOcperf:MinFreeDiskBytes must not be negative (0 turns the check off)")
            .Validate(o => string.IsNullOrWhiteSpace(o.AccessToken) || o.AccessToken.Trim().Length >= WebOcperfOptions.MinimumAccessTokenLength,
                $"WebOcperf:AccessToken must be at least {WebOcperfOptions.MinimumAccessTokenLength} characters, as a shorter one " +
                "can be guessed; leave it empty to have a random one made at each start")
            .ValidateOnStart();
        // a host entry that would let a destination become an ssh option, or two hosts of one name, stops the start
        services.AddSingleton<IValidateOptions<WebOcperfOptions>, RemoteHostsValidation>();

        services.AddSingleton(TimeProvider.System);
        services.AddMemoryCache(cache => cache.SizeLimit = 2_000_000);
        services.Configure<JsonOptions>(json => ApiJson.Configure(json.SerializerOptions));
        services.AddProblemDetails();
        // pages live beside the code of their feature (Sessions/, Benchmarks/, Events/), the layout in Shared/
        services.AddRazorPages(pages => pages.RootDirectory = "/");
        services.AddAntiforgery(antiforgery => antiforgery.HeaderName = "RequestVerificationToken");
        return builder;
    }

    /// <summary>Error answers (problem details for the API, the error page for people), routing, antiforgery.</summary>
    public static WebApplication UseInfrastructure(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.UseExceptionHandler());
        if (!app.Environment.IsDevelopment())
        {
            app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api"), pages => pages.UseExceptionHandler("/Error"));
        }
        // an answer without a body (a query value that does not bind, an unknown route) is problem details for the API,
        // the error page for people
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api"),
            pages => pages.UseStatusCodePagesWithReExecute("/Error", "?status={0}"));
        app.UseMiddleware<RequestLimitsMiddleware>();
        app.UseRouting();
        app.UseAntiforgery();
        return app;
    }

    /// <summary>Static files and every Razor page.</summary>
    public static WebApplication MapPages(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorPages().WithStaticAssets();
        return app;
    }

    public static WebOcperfOptions GetWebOcperfOptions(this IServiceProvider services) =>
        services.GetRequiredService<IOptions<WebOcperfOptions>>().Value;
}
