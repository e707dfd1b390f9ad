using System.Net;
using System.Net.Http.Headers;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Benchmarks;

public sealed class BenchmarkDownloadsTests(WebOcperfFactory factory) : IClassFixture<WebOcperfFactory>
{
    [Fact]
    public async Task A_raw_file_is_served_in_parts_when_a_range_is_asked_for()
    {
        // a long perf.data over a slow tunnel resumes where it broke off (curl -C -, browsers)
        var api = new ApiClient(factory.CreateClient());
        var session = await api.CreateSessionAsync();
        var queued = await api.SubmitAsync(session.Id, new { workload = "true", events = new[] { "task-clock" } });
        await api.WaitUntilFinishedAsync(queued.Id);
        var whole = await api.Http.GetByteArrayAsync($"/api/v1/benchmark/{queued.Id}.raw");

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/benchmark/{queued.Id}.raw");
        request.Headers.Range = new RangeHeaderValue(2, 11);
        using var response = await api.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(whole[2..12], await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(whole.Length, response.Content.Headers.ContentRange!.Length);
    }
}
