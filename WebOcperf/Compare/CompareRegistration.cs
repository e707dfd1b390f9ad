namespace WebOcperf.Compare;

public static class CompareRegistration
{
    /// <summary>Comparing finished runs: the <c>/compare</c> page and the <c>/api/v1/compare…</c> answers.</summary>
    public static IServiceCollection AddCompare(this IServiceCollection services) =>
        services.AddScoped<Comparisons>().AddScoped<CompareCandidates>();
}
