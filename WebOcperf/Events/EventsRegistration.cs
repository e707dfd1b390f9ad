namespace WebOcperf.Events;

public static class EventsRegistration
{
    /// <summary>The event catalogs (perf list + Intel's event lists) of each machine behind the picker, /events and the event check.</summary>
    public static IServiceCollection AddEvents(this IServiceCollection services)
    {
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
        services.AddSingleton<EventCatalogs>();
        return services;
    }
}
