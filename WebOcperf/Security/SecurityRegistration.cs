using WebOcperf.Infrastructure;

namespace WebOcperf.Security;

public static class SecurityRegistration
{
    /// <summary>Who may connect, under which host names, with which token.</summary>
    public static WebApplicationBuilder AddSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(ListenAddresses.FromConfiguration(builder.Configuration, InfrastructureRegistration.DefaultUrl));
        services.AddSingleton(provider => new ClientAllowlist(provider.GetWebOcperfOptions().EffectiveAllowedClients));
        services.AddSingleton<AccessTokenState>();
        services.AddHostedService<AccessTokenAnnouncer>();
        return builder;
    }

    /// <summary>Security headers on every answer, then who may connect: first in the pipeline.</summary>
    public static WebApplication UseSecurity(this WebApplication app)
    {
        // first, so that the refusals below (403, 421) carry the headers too
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseMiddleware<ClientAllowlistMiddleware>();
        app.UseMiddleware<HostAllowlistMiddleware>();
        app.UseMiddleware<AccessTokenMiddleware>();
        app.UseMiddleware<CrossSiteRequestMiddleware>();
        return app;
    }
}
