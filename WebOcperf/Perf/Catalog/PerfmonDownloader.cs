namespace WebOcperf.Perf.Catalog;

/// <summary>One file the download wrote, or failed to fetch.</summary>
public sealed record DownloadedFile(string Url, string Path, long Bytes, string? Error);

/// <summary>What a download did: the files, and a problem that stopped it early (such as no network).</summary>
public sealed record DownloadReport(string CpuString, IReadOnlyList<DownloadedFile> Files, string? Error)
{
    public bool Succeeded => Error is null && Files.Count > 0 && Files.All(f => f.Error is null);
}

/// <summary>
/// Fills ocperf's cache directory the way event_download does for one CPU: mapfile.csv, then every file of the CPU's
/// rows saved as <c>&lt;cpu&gt;-&lt;type&gt;[-&lt;role&gt;].json</c> with a link under the original file name, plus
/// README.md and LICENSE. Only runs when asked: normal operation reads what is cached.
/// </summary>
public sealed class PerfmonDownloader(HttpClient http, string baseUrl, string cacheDirectory)
{
    private static readonly string[] NoticeFiles = ["README.md", "LICENSE"];

    public async Task<DownloadReport> DownloadAsync(string cpuString, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(cacheDirectory);
        var files = new List<DownloadedFile>();
        var mapFile = await FetchAsync(PerfmonMapFile.FileName, PerfmonMapFile.FileName, cancellationToken);
        files.Add(mapFile);
        if (mapFile.Error is not null)
        {
            return new DownloadReport(cpuString, files, $"cannot fetch {mapFile.Url}: {mapFile.Error}; cached files stay in use");
        }
        var rows = PerfmonMapFile.Match(PerfmonMapFile.Parse(await File.ReadAllTextAsync(mapFile.Path, cancellationToken)), cpuString);
        if (rows.Count == 0)
        {
            return new DownloadReport(cpuString, files, $"mapfile.csv has no event files for {cpuString}");
        }
        foreach (var row in rows)
        {
            var fileName = row.CacheFileName(cpuString);
            var downloaded = await FetchAsync(row.Filename.TrimStart('/'), fileName, cancellationToken);
            files.Add(downloaded);
            if (downloaded.Error is null)
            {
                LinkOriginalName(row, fileName);
            }
        }
        foreach (var notice in NoticeFiles.Where(n => !File.Exists(Path.Combine(cacheDirectory, n))))
        {
            files.Add(await FetchAsync(notice, notice, cancellationToken));
        }
        return new DownloadReport(cpuString, files, null);
    }

    private async Task<DownloadedFile> FetchAsync(string relativeUrl, string fileName, CancellationToken cancellationToken)
    {
        var url = baseUrl.TrimEnd('/') + "/" + relativeUrl;
        var path = Path.Combine(cacheDirectory, fileName);
        try
        {
            using var response = await http.GetAsync(url, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return new DownloadedFile(url, path, 0, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            // write beside, then rename: a reader never sees half a file
            var temporary = path + ".part";
            await File.WriteAllBytesAsync(temporary, bytes, cancellationToken);
            File.Move(temporary, path, overwrite: true);
            return new DownloadedFile(url, path, bytes.Length, null);
        }
        catch (HttpRequestException e)
        {
            return new DownloadedFile(url, path, 0, e.Message);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return new DownloadedFile(url, path, 0, "timed out: " + e.Message);
        }
    }

    private void LinkOriginalName(PerfmonMapRow row, string fileName)
    {
        var link = Path.Combine(cacheDirectory, PerfmonMapRow.Sanitize(Path.GetFileName(row.Filename)));
        if (link == Path.Combine(cacheDirectory, fileName))
        {
            return;
        }
        try
        {
            File.Delete(link);
            File.CreateSymbolicLink(link, fileName);
        }
        catch (IOException)
        {
            // the link is a convenience for people browsing the cache; the loader finds the file by its own name
        }
        catch (UnauthorizedAccessException)
        {
            // as above
        }
    }
}
