namespace WebOcperf.Sessions;

public static class SessionsRegistration
{
    public static IServiceCollection AddSessions(this IServiceCollection services) =>
        services.AddScoped<SessionQueries>().AddScoped<SessionHistory>();
}
