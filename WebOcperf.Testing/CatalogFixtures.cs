namespace WebOcperf.Testing;

/// <summary>
/// Copies of the files the event catalog reads about the machine (see CatalogFixtures/README.md), for tests whose
/// results must not depend on the machine running them.
/// </summary>
public static class CatalogFixtures
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "CatalogFixtures");

    public static string CpuInfoPath => Path.Combine(Directory, "cpuinfo");

    public static string SysfsDevicesDirectory => Path.Combine(Directory, "sys-devices");

    /// <summary>An Intel event file (a Skylake client slice) to give a host as its <c>EventMap</c>.</summary>
    public static string SkylakeCoreEventFile => Path.Combine(Directory, "intel", "skylake_core.json");

    /// <summary>
    /// The <c>WebOcperf:EventCatalog</c> settings that point a server at the fixtures, with ocperf's cache in
    /// <paramref name="cacheDirectory"/> (a directory of the test's own, empty unless the test downloads into it).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Settings(string cacheDirectory) => new Dictionary<string, string>
    {
        ["WebOcperf:EventCatalog:CpuInfoPath"] = CpuInfoPath,
        ["WebOcperf:EventCatalog:SysfsDevicesDirectory"] = SysfsDevicesDirectory,
        ["WebOcperf:EventCatalog:CacheDirectory"] = cacheDirectory,
    };
}
