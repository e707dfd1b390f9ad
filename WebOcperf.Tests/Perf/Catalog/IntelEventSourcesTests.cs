using System.Net;
using WebOcperf.Perf.Catalog;

namespace WebOcperf.Tests.Perf.Catalog;

public sealed class IntelEventSourcesTests : IDisposable
{
    private readonly string cache = Path.Combine(Path.GetTempPath(), "webocperf-cache-" + Guid.NewGuid().ToString("N"));

    public IntelEventSourcesTests() => Directory.CreateDirectory(cache);

    public void Dispose() => Directory.Delete(cache, recursive: true);

    private const string SkylakeServerCpuInfo = """
        processor	: 0
        vendor_id	: GenuineIntel
        cpu family	: 6
        model		: 85
        model name	: Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz
        stepping	: 4
        """;

    [Theory]
    [InlineData(SkylakeServerCpuInfo, "GenuineIntel-6-55-4")]
    [InlineData("vendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 94\nstepping\t: 3\n", "GenuineIntel-6-5E")]
    [InlineData("vendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 17\nstepping\t: 1\n", "AuthenticAMD-25-11")]
    public void Cpu_string_from_cpuinfo(string cpuInfo, string expected) =>
        Assert.Equal(expected, CpuIdentity.FromCpuInfo(cpuInfo)!.CpuString);

    [Fact]
    public void Mapfile_rows_for_a_cpu_honour_stepping_globs_and_hybrid_roles()
    {
        var rows = PerfmonMapFile.Parse(File.ReadAllText(CatalogTestData.Perfmon("mapfile.csv")));

        Assert.Equal(["core", "uncore", "metrics"], PerfmonMapFile.Match(rows, "GenuineIntel-6-5E").Select(r => r.EventType).Distinct());
        Assert.Equal(["/SKX/events/skylakex_core.json", "/SKX/events/skylakex_uncore.json"],
            PerfmonMapFile.Match(rows, "GenuineIntel-6-55-4").Where(r => r.EventType != "metrics").Select(r => r.Filename));
        Assert.Empty(PerfmonMapFile.Match(rows, "GenuineIntel-6-55-7"));
        var hybrid = PerfmonMapFile.Match(rows, "GenuineIntel-6-97").Where(r => r.EventType != "metrics").ToList();
        Assert.Equal(["Atom", "Core", null], hybrid.Select(r => r.CoreRole));
        Assert.Equal("GenuineIntel-6-97-hybridcore-Atom.json", hybrid[0].CacheFileName("GenuineIntel-6-97"));
        Assert.Equal("GenuineIntel-6-55-4-uncoreexperimental.json",
            new PerfmonMapRow("x", "V1", "/a.json", "uncore experimental", null).CacheFileName("GenuineIntel-6-55-4"));
    }

    [Fact]
    public void Perfmon_directory_lookup_by_cpu_string()
    {
        var lists = IntelEventListLoader.Load(new IntelEventSources("GenuineIntel-6-5E", CatalogTestData.PerfmonDirectory, cache), EmptyPmuTopology.Instance);

        Assert.Equal("GenuineIntel-6-5E", lists.CpuString);
        var core = Assert.Single(lists.CoreLists);
        Assert.Equal("cpu", core.Pmu);
        Assert.NotNull(core.Get("mem_load_retired.l3_miss"));
        Assert.Contains("unc_arb_trk_requests.all", lists.UncoreEvents.Keys);
        Assert.Equal(["core", "uncore"], lists.Files.Select(f => f.EventType));
    }

    [Fact]
    public void Perfmon_directory_hybrid_cpu_gives_cpu_core_and_cpu_atom_lists()
    {
        var lists = IntelEventListLoader.Load(new IntelEventSources("GenuineIntel-6-97", CatalogTestData.PerfmonDirectory, cache), EmptyPmuTopology.Instance);

        Assert.Equal([HybridPmus.Core, HybridPmus.Atom], lists.CoreLists.Select(l => l.Pmu));
        Assert.NotNull(lists.CoreLists[1].Get("cpu_clk_unhalted.core"));
    }

    [Fact]
    public void Eventmap_as_a_path_reads_that_file_only()
    {
        var lists = IntelEventListLoader.Load(new IntelEventSources(CatalogTestData.SkylakeCore, null, cache), EmptyPmuTopology.Instance);

        Assert.Equal("skylake_core.json", lists.CpuString);
        Assert.Equal(16, Assert.Single(lists.CoreLists).Events.Count);
        Assert.Empty(lists.UncoreEvents);
    }

    [Fact]
    public void Cache_directory_with_ocperf_file_names_and_bare_arrays()
    {
        File.Copy(CatalogTestData.SkylakeCore, Path.Combine(cache, "GenuineIntel-6-55-4-core.json"));
        File.Copy(CatalogTestData.Perfmon("SKX/events/skylakex_uncore.json"), Path.Combine(cache, "GenuineIntel-6-55-4-uncore.json"));
        var cpuInfo = Path.Combine(cache, "cpuinfo");
        File.WriteAllText(cpuInfo, SkylakeServerCpuInfo);

        var lists = IntelEventListLoader.Load(new IntelEventSources("", null, cache, cpuInfo), EmptyPmuTopology.Instance);

        Assert.Equal("GenuineIntel-6-55-4", lists.CpuString);
        Assert.NotNull(Assert.Single(lists.CoreLists).Get("inst_retired.prec_dist"));
        Assert.Contains("unc_m_cas_count.rd_reg", lists.UncoreEvents.Keys);
        Assert.Empty(lists.Problems);
    }

    [Fact]
    public void Cache_directory_hybrid_names()
    {
        File.Copy(CatalogTestData.Perfmon("ADL/events/alderlake_goldencove_core.json"), Path.Combine(cache, "GenuineIntel-6-97-hybridcore-Core.json"));
        File.Copy(CatalogTestData.Perfmon("ADL/events/alderlake_gracemont_core.json"), Path.Combine(cache, "GenuineIntel-6-97-hybridcore-Atom.json"));

        var lists = IntelEventListLoader.Load(new IntelEventSources("GenuineIntel-6-97", null, cache), EmptyPmuTopology.Instance);

        Assert.Equal([HybridPmus.Core, HybridPmus.Atom], lists.CoreLists.Select(l => l.Pmu));
    }

    [Fact]
    public void Unknown_cpu_is_a_problem_not_an_exception()
    {
        var lists = IntelEventListLoader.Load(new IntelEventSources("AuthenticAMD-25-11", CatalogTestData.PerfmonDirectory, cache), EmptyPmuTopology.Instance);

        Assert.True(lists.IsEmpty);
        Assert.Contains("no Intel event list for AuthenticAMD-25-11", Assert.Single(lists.Problems));
    }

    [Fact]
    public async Task Download_fills_the_cache_like_event_download_and_the_loader_reads_it()
    {
        using var handler = new PerfmonDirectoryHandler(CatalogTestData.PerfmonDirectory);
        using var http = new HttpClient(handler);
        var downloader = new PerfmonDownloader(http, "https://perfmon.test/base", cache);

        var report = await downloader.DownloadAsync("GenuineIntel-6-5E", TestContext.Current.CancellationToken);

        Assert.Null(report.Error);
        var fetched = report.Files.Where(f => f.Error is null).Select(f => Path.GetFileName(f.Path)).ToList();
        Assert.Equal(["mapfile.csv", "GenuineIntel-6-5E-core.json", "GenuineIntel-6-5E-uncore.json", "LICENSE"], fetched);
        Assert.Equal("https://perfmon.test/base/SKL/events/skylake_core.json", report.Files[1].Url);
        Assert.Contains(report.Files, f => f.Path.EndsWith("README.md", StringComparison.Ordinal) && f.Error == "HTTP 404 Not Found");
        Assert.Equal("GenuineIntel-6-5E-core.json", new FileInfo(Path.Combine(cache, "skylake_core.json")).LinkTarget);

        var lists = IntelEventListLoader.Load(new IntelEventSources("GenuineIntel-6-5E", null, cache), EmptyPmuTopology.Instance);
        Assert.NotNull(Assert.Single(lists.CoreLists).Get("l1d.replacement"));
        Assert.NotEmpty(lists.UncoreEvents);
    }

    [Fact]
    public async Task Download_offline_reports_and_keeps_the_cache()
    {
        File.Copy(CatalogTestData.SkylakeCore, Path.Combine(cache, "GenuineIntel-6-5E-core.json"));
        using var http = new HttpClient(new OfflineHandler());

        var report = await new PerfmonDownloader(http, "https://perfmon.test", cache).DownloadAsync("GenuineIntel-6-5E", TestContext.Current.CancellationToken);

        Assert.False(report.Succeeded);
        Assert.Contains("cached files stay in use", report.Error);
        var lists = IntelEventListLoader.Load(new IntelEventSources("GenuineIntel-6-5E", null, cache), EmptyPmuTopology.Instance);
        Assert.NotNull(Assert.Single(lists.CoreLists).Get("l1d.replacement"));
    }
}

/// <summary>Serves a local perfmon-like tree as if it were the download server; anything else is 404.</summary>
internal sealed class PerfmonDirectoryHandler(string root) : HttpMessageHandler
{
    public List<string> Requested { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri!.AbsolutePath;
        Requested.Add(url);
        var relative = url.StartsWith("/base/", StringComparison.Ordinal) ? url["/base/".Length..] : url.TrimStart('/');
        var path = Path.Combine(root, relative);
        return Task.FromResult(File.Exists(path)
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(File.ReadAllBytes(path)) }
            : new HttpResponseMessage(HttpStatusCode.NotFound) { ReasonPhrase = "Not Found" });
    }
}

internal sealed class OfflineHandler : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        throw new HttpRequestException("Name or service not known (perfmon.test:443)");
}
