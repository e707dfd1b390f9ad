using System.Diagnostics;
using System.Net;

namespace WebOcperf.Bench.RecordPage;

/// <summary>One GET: time to the response headers, time to the last body byte, and the body's size.</summary>
public sealed record HttpTiming(TimeSpan Headers, TimeSpan Total, long Bytes);

/// <summary>
/// The server alone, without a browser: plain GETs the way curl does them, over one kept-alive connection so the
/// numbers are the server's work plus the transfer, not TCP set-up.
/// </summary>
public sealed class HttpTimings(HttpClient http)
{
    public async Task<HttpTiming> GetAsync(string path)
    {
        var stopwatch = Stopwatch.StartNew();
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        var headers = stopwatch.Elapsed;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}.");
        }
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long bytes = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            bytes += read;
        }
        return new HttpTiming(headers, stopwatch.Elapsed, bytes);
    }

    public async Task<List<HttpTiming>> RepeatAsync(string path, int times)
    {
        var timings = new List<HttpTiming>(times);
        for (var i = 0; i < times; i++)
        {
            timings.Add(await GetAsync(path));
        }
        return timings;
    }
}
