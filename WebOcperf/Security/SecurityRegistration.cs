using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using WebOcperf.Infrastructure;

namespace WebOcperf.Security;

public static class SecurityRegistration
{
    /// <summary>The category of ASP.NET's "Request starting/finished" lines, which carry the query string.</summary>
    public const string RequestLineLogCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>Who may connect, under which host names, with which token.</summary>
    public static WebApplicationBuilder AddSecurity(this WebApplicationBuilder builder)
    {
        // ASP.NET's request lines ("Request starting GET /?token=…") are Information in this category: a token sent in the
        // query string, right or a guess, would be written to the log. Capped here, after appsettings and the command
        // line are read, so that raising the log level for debugging does not bring them back.
        builder.Logging.AddFilter(RequestLineLogCategory, level => level >= LogLevel.Warning);
        var services = builder.Services;
        // read from the built configuration, which holds what tests and hosting tools set after Program's first lines
        services.AddSingleton(provider => ListenAddresses.FromConfiguration(provider.GetRequiredService<IConfiguration>(),
            InfrastructureRegistration.DefaultUrl));
        services.AddSingleton(provider => new ClientAllowlist(provider.GetWebOcperfOptions().EffectiveAllowedClients));
        services.AddSingleton<AccessTokenState>();
        services.AddSingleton<IPostConfigureOptions<ForwardedHeadersOptions>, ForwardedHeadersSetup>();
        services.AddSingleton<UnixSocketConnections>();
        services.AddOptions<KestrelServerOptions>().Configure<UnixSocketConnections>((kestrel, connections) => connections.Watch(kestrel));
        services.AddHostedService<UnixSocketListeners>();
        services.AddHostedService<AccessTokenAnnouncer>();
        return builder;
    }

    /// <summary>Security headers on every answer, then who may connect: first in the pipeline.</summary>
    public static WebApplication UseSecurity(this WebApplication app)
    {
        // first, so that the refusals below (403, 421) carry the headers too
        app.UseMiddleware<SecurityHeadersMiddleware>();
        if (ForwardedHeadersSetup.AnyTrusted(app.Services))
        {
            // the client's address from a trusted proxy's X-Forwarded-For, before anyone judges it
            app.UseForwardedHeaders();
        }
        app.UseMiddleware<ClientAllowlistMiddleware>();
        app.UseMiddleware<HostAllowlistMiddleware>();
        app.UseMiddleware<AccessTokenMiddleware>();
        app.UseMiddleware<CrossSiteRequestMiddleware>();
        return app;
    }
}
