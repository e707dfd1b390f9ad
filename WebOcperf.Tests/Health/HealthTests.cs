using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WebOcperf.Health;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Health;

/// <summary>/healthz: perf found, data directory writable, database reachable; 503 naming the failed check; no token.</summary>
public sealed class HealthTests
{
    private const string MissingPerf = "/nonexistent/webocperf-health/perf";

    private static ConfiguredServer ServerWithToken(string? perfPath = null) => new(new Dictionary<string, string?>
    {
        ["WebOcperf:RequireAccessToken"] = "true",
        ["WebOcperf:AccessToken"] = "health-check-token-0123",
        ["WebOcperf:PerfPath"] = perfPath ?? "perf",
    });

    [Fact]
    public async Task A_healthy_server_answers_200_without_the_token_naming_each_check_and_nothing_more()
    {
        await using var factory = ServerWithToken();
        using var http = factory.CreateClient(new() { AllowAutoRedirect = false });

        var response = await http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Empty(body.GetProperty("failed").EnumerateArray());
        Assert.Equal(["dataDirectory", "database", "perf"],
            body.GetProperty("checks").EnumerateObject().Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.All(body.GetProperty("checks").EnumerateObject(), c => Assert.Equal("Healthy", c.Value.GetString()));
        Assert.Equal(["checks", "failed", "status"], body.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        // the token still guards everything else, the API's description included
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/v1/sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/openapi/v1.json")).StatusCode);
    }

    [Fact]
    public async Task Without_perf_it_answers_503_naming_the_perf_check_without_saying_where_it_looked()
    {
        await using var factory = ServerWithToken(MissingPerf);
        using var http = factory.CreateClient(new() { AllowAutoRedirect = false });

        var response = await http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonSerializer.Deserialize<JsonElement>(text);
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        Assert.Equal(["perf"], body.GetProperty("failed").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("Unhealthy", body.GetProperty("checks").GetProperty("perf").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetString());
        Assert.DoesNotContain("nonexistent", text, StringComparison.Ordinal);
        Assert.DoesNotContain(factory.DataDirectory, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_data_directory_check_writes_a_file_and_fails_where_none_can_be_written()
    {
        var writable = Directory.CreateTempSubdirectory("webocperf-health-");
        try
        {
            Assert.True(await DataDirectoryHealthCheck.CanWriteAsync(writable.FullName, CancellationToken.None));
            // nothing is left behind
            Assert.Empty(writable.EnumerateFileSystemInfos());
        }
        finally
        {
            writable.Delete(recursive: true);
        }
        // /proc takes no new files, not even from root; a directory that is gone takes none either
        Assert.False(await DataDirectoryHealthCheck.CanWriteAsync("/proc", CancellationToken.None));
        Assert.False(await DataDirectoryHealthCheck.CanWriteAsync(Path.Combine(writable.FullName, "gone"), CancellationToken.None));
    }
}
