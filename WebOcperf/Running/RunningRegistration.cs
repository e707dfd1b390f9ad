namespace WebOcperf.Running;

public static class RunningRegistration
{
    /// <summary>The queue, the BackgroundService that runs perf, and the live feeds that viewers follow.</summary>
    public static IServiceCollection AddRunning(this IServiceCollection services)
    {
        services.AddSingleton<BenchmarkFiles>();
        services.AddSingleton<PerfInstallation>();
        services.AddSingleton<MachineContextProbe>();
        services.AddSingleton<BenchmarkQueue>();
        services.AddSingleton<LiveFeeds>();
        services.AddSingleton<ActiveRuns>();
        services.AddSingleton<IRunTarget, LocalRunTarget>();
        services.AddSingleton<RunTargets>();
        services.AddSingleton<Remote.SshClient>();
        // a hosted service too, so that the shared connections are closed (ssh -O exit) when the server stops
        services.AddHostedService(provider => provider.GetRequiredService<Remote.SshClient>());
        services.AddSingleton<Remote.HostChecks>();
        services.AddSingleton<BenchmarkLifecycle>();
        services.AddSingleton<PerfInvocationRunner>();
        services.AddSingleton<BenchmarkExecution>();
        services.AddSingleton<RecordIngestion>();
        services.AddScoped<BenchmarkScheduler>();
        services.AddHostedService<BenchmarkRunner>();
        return services;
    }
}
