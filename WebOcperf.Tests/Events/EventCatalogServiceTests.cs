using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WebOcperf.Infrastructure;
using WebOcperf.Events;
using WebOcperf.Perf.Catalog;
using WebOcperf.Running;
using WebOcperf.Testing;
using WebOcperf.Tests.Perf.Catalog;

namespace WebOcperf.Tests.Events;

public sealed class EventCatalogServiceTests : IDisposable
{
    private readonly string cache = Path.Combine(Path.GetTempPath(), "webocperf-service-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(cache))
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    private EventCatalogService Service(string perfPath, string eventMap, HttpMessageHandler? handler = null) => new(
        Options.Create(new WebOcperfOptions { PerfPath = perfPath }),
        Options.Create(new EventCatalogOptions
        {
            EventMap = eventMap, CacheDirectory = cache, DownloadBaseUrl = "https://perfmon.test/base",
            CpuInfoPath = CatalogFixtures.CpuInfoPath, SysfsDevicesDirectory = CatalogFixtures.SysfsDevicesDirectory,
        }),
        new LocalRunTarget(perfPath, null, Directory.GetCurrentDirectory()),
        NullLogger<EventCatalogService>.Instance,
        handler);

    [Fact]
    public async Task Eventmap_pointing_at_the_skylake_slice_gives_resolvable_intel_events_next_to_perfs()
    {
        // perf's half of the catalog needs perf: without it this says so in the run's skipped count, not by passing
        var perf = PerfOnPath();
        if (perf is null)
        {
            Assert.Skip("perf is not installed (not found on PATH): perf list's half of the catalog cannot be checked");
        }
        var service = Service(perf, CatalogTestData.SkylakeCore);

        var catalog = await service.GetAsync(TestContext.Current.CancellationToken);

        var l3Miss = catalog.Find("mem_load_retired.l3_miss");
        Assert.NotNull(l3Miss);
        Assert.Equal("Retired load instructions missed L3 cache as data sources", l3Miss.BriefDescription);
        Assert.True(catalog.TryResolve("mem_load_retired.l3_miss", false, out var perfEvent, out var error), error);
        Assert.Equal("cpu/event=0xd1,umask=0x20,name=mem_load_retired_l3_miss/", perfEvent);
        Assert.True(catalog.TryResolve("mem_load_retired.l3_miss", true, out var recordEvent, out _));
        Assert.Equal("cpu/event=0xd1,umask=0x20,name=mem_load_retired_l3_miss,period=100007/", recordEvent);
        Assert.Null(service.LastError);
        Assert.NotNull(catalog.Find("task-clock"));
        Assert.Contains(catalog.Entries, e => e.Kind == EventKind.Software);
        Assert.Same(catalog, await service.GetAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>The one catalog test that reads this machine's own cpuinfo and sysfs, as the server does by default.</summary>
    [Fact]
    public async Task By_default_the_catalog_is_this_machines()
    {
        var defaults = new EventCatalogOptions();
        Assert.Equal("/proc/cpuinfo", defaults.CpuInfoPath);
        Assert.Equal("/sys/devices", defaults.SysfsDevicesDirectory);
        var perf = PerfOnPath();
        if (perf is null)
        {
            Assert.Skip("perf is not installed (not found on PATH)");
        }
        var service = new EventCatalogService(Options.Create(new WebOcperfOptions { PerfPath = perf }),
            Options.Create(new EventCatalogOptions { CacheDirectory = cache }),
            new LocalRunTarget(perf, null, Directory.GetCurrentDirectory()), NullLogger<EventCatalogService>.Instance);

        var catalog = await service.GetAsync(TestContext.Current.CancellationToken);

        Assert.Equal(CpuIdentity.FromCpuInfo(File.ReadAllText("/proc/cpuinfo"))?.CpuString, catalog.CpuString);
        // cycles is available exactly where perf counts it
        Assert.Equal(ThisMachine.HasHardwarePmu, catalog.Find("cycles")?.Available == true);
    }

    private static string? PerfOnPath() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "perf"))
            .FirstOrDefault(File.Exists);

    [Fact]
    public async Task Concurrent_first_calls_build_once()
    {
        var service = Service("/nonexistent/perf", CatalogTestData.SkylakeCore);

        var catalogs = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => service.GetAsync(TestContext.Current.CancellationToken)));

        Assert.All(catalogs, c => Assert.Same(catalogs[0], c));
    }

    [Fact]
    public async Task Without_perf_the_catalog_has_the_intel_events_and_the_error()
    {
        var service = Service("/nonexistent/perf", CatalogTestData.SkylakeCore);

        var catalog = await service.GetAsync(TestContext.Current.CancellationToken);

        Assert.Contains("cannot run /nonexistent/perf list", service.LastError);
        Assert.Contains(service.LastError, catalog.Problems);
        Assert.All(catalog.Entries, e => Assert.Equal(EventKind.IntelCore, e.Kind));
        Assert.Equal(16, catalog.Entries.Count);
    }

    [Fact]
    public async Task Download_fills_the_cache_and_refreshes_the_catalog()
    {
        using var handler = new PerfmonDirectoryHandler(CatalogTestData.PerfmonDirectory);
        var service = Service("/nonexistent/perf", "GenuineIntel-6-5E", handler);
        Assert.Empty((await service.GetAsync(TestContext.Current.CancellationToken)).Entries);

        var report = await service.DownloadAsync(TestContext.Current.CancellationToken);

        Assert.Null(report.Error);
        Assert.True(File.Exists(Path.Combine(cache, "GenuineIntel-6-5E-core.json")));
        var catalog = await service.GetAsync(TestContext.Current.CancellationToken);
        Assert.NotNull(catalog.Find("l1d.replacement"));
        Assert.Contains("/base/mapfile.csv", handler.Requested);
    }
}
