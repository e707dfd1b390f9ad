using WebOcperf.Running.Remote;

namespace WebOcperf.Hosts;

public static class HostsRegistration
{
    /// <summary>Machines perf runs on over ssh: the client with its shared connections, and the host checks.</summary>
    public static IServiceCollection AddHosts(this IServiceCollection services)
    {
        services.AddSingleton<SshClient>();
        // a hosted service too, so that the shared connections are closed (ssh -O exit) when the server stops
        services.AddHostedService(provider => provider.GetRequiredService<SshClient>());
        services.AddSingleton<HostChecks>();
        return services;
    }
}
