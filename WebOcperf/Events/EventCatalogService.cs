using Microsoft.Extensions.Options;
using WebOcperf.Infrastructure;
using WebOcperf.Perf.Catalog;
using WebOcperf.Running;

namespace WebOcperf.Events;

/// <summary>
/// Builds the event catalog once per process, lazily (perf list takes about 0.1 s, the Intel files a few hundred ms),
/// and rebuilds it on <see cref="RefreshAsync"/>. Without perf the catalog still holds the Intel events; the error is
/// kept in <see cref="LastError"/> and the catalog's problems.
/// </summary>
public sealed class EventCatalogService
{
    private readonly WebOcperfOptions options;
    private readonly EventCatalogOptions catalogOptions;
    private readonly IRunTarget target;
    private readonly ILogger<EventCatalogService> logger;
    private readonly HttpMessageHandler? downloadHandler;
    private readonly SemaphoreSlim buildLock = new(1, 1);
    private volatile EventCatalog? current;

    public EventCatalogService(IOptions<WebOcperfOptions> options, IOptions<EventCatalogOptions> catalogOptions,
        IRunTarget target, ILogger<EventCatalogService> logger)
        : this(options, catalogOptions, target, logger, null)
    {
    }

    /// <param name="downloadHandler">For tests: serves the download instead of the network.</param>
    internal EventCatalogService(IOptions<WebOcperfOptions> options, IOptions<EventCatalogOptions> catalogOptions,
        IRunTarget target, ILogger<EventCatalogService> logger, HttpMessageHandler? downloadHandler)
    {
        this.target = target;
        this.options = options.Value;
        this.catalogOptions = catalogOptions.Value;
        this.logger = logger;
        this.downloadHandler = downloadHandler;
    }

    /// <summary>Why perf list could not be used in the last build, or null.</summary>
    public string? LastError { get; private set; }

    public async Task<EventCatalog> GetAsync(CancellationToken cancellationToken)
    {
        if (current is { } built)
        {
            return built;
        }
        await buildLock.WaitAsync(cancellationToken);
        try
        {
            return current ??= await BuildAsync(cancellationToken);
        }
        finally
        {
            buildLock.Release();
        }
    }

    /// <summary>Runs perf list and reads the Intel files again; readers keep the old catalog until the new one is ready.</summary>
    public async Task<EventCatalog> RefreshAsync(CancellationToken cancellationToken)
    {
        await buildLock.WaitAsync(cancellationToken);
        try
        {
            current = await BuildAsync(cancellationToken);
            return current;
        }
        finally
        {
            buildLock.Release();
        }
    }

    /// <summary>
    /// Fetches this CPU's Intel event files into the cache directory (the only network access of the catalog), then
    /// rebuilds the catalog. Offline, the report says what failed and the cached files stay in use.
    /// </summary>
    public async Task<DownloadReport> DownloadAsync(CancellationToken cancellationToken)
    {
        var cpuString = CpuStringForDownload();
        if (cpuString is null)
        {
            return new DownloadReport("unknown CPU", [], $"cannot tell the CPU from {catalogOptions.CpuInfoPath}; set EventMap to a CPU string");
        }
        var report = await DownloadForCpuAsync(cpuString, cancellationToken);
        await RefreshAsync(cancellationToken);
        return report;
    }

    /// <summary>Fetches one CPU's Intel event files into the cache directory, which every machine's catalog reads.</summary>
    public async Task<DownloadReport> DownloadForCpuAsync(string cpuString, CancellationToken cancellationToken)
    {
        using var http = downloadHandler is null ? new HttpClient() : new HttpClient(downloadHandler, disposeHandler: false);
        http.Timeout = catalogOptions.DownloadTimeout;
        var downloader = new PerfmonDownloader(http, catalogOptions.DownloadBaseUrl, catalogOptions.ResolveCacheDirectory());
        var report = await downloader.DownloadAsync(cpuString, cancellationToken);
        logger.IntelEventsDownloaded(cpuString, report.Files.Count(f => f.Error is null), report.Error ?? "none");
        return report;
    }

    private string? CpuStringForDownload()
    {
        var eventMap = catalogOptions.EventMap.Trim();
        if (CpuIdentity.LooksLikeCpuString(eventMap))
        {
            return eventMap;
        }
        try
        {
            return CpuIdentity.FromCpuInfo(File.ReadAllText(catalogOptions.CpuInfoPath))?.CpuString;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private async Task<EventCatalog> BuildAsync(CancellationToken cancellationToken)
    {
        var output = await PerfList.RunAsync(target, catalogOptions.PerfListTimeout, cancellationToken);
        LastError = output.Error;
        if (output.Error is not null)
        {
            logger.PerfListFailed(output.Error);
        }
        var perfList = output.Text is null ? null : PerfListParser.Parse(output.Text);
        var topology = new SysfsPmuTopology(catalogOptions.SysfsDevicesDirectory);
        var sources = new IntelEventSources(catalogOptions.EventMap, catalogOptions.PerfmonDirectory,
            catalogOptions.ResolveCacheDirectory(), catalogOptions.CpuInfoPath, catalogOptions.IncludeExperimental);
        var intel = await Task.Run(() => IntelEventListLoader.Load(sources, topology), cancellationToken);
        var catalog = EventCatalogBuilder.Build(perfList, output.Error, intel, topology);
        logger.CatalogBuilt(catalog.Entries.Count, catalog.CpuString);
        return catalog;
    }
}
