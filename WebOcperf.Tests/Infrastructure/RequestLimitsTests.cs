using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;

namespace WebOcperf.Tests.Infrastructure;

/// <summary>
/// Requests beyond the server's limits, on real Kestrel (which enforces them): a clear 4xx naming the limit, never a
/// 500, a dropped connection or a 404.
/// </summary>
public sealed partial class RequestLimitsTests : IAsyncLifetime
{
    private readonly WebOcperfFactory factory = new();
    private HttpClient http = null!;
    private Guid sessionId;

    public async ValueTask InitializeAsync()
    {
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        http = factory.CreateClient();
        sessionId = (await new ApiClient(http).CreateSessionAsync("limits")).Id;
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await factory.DisposeAsync();
    }

    /// <summary>Sends <paramref name="head"/> and <paramref name="body"/> as they are, and reads the answer's status line and body.</summary>
    private async Task<string> SendRawAsync(string head, string body, TimeSpan timeout)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(http.BaseAddress!.Host, http.BaseAddress.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head + body));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var deadline = new CancellationTokenSource(timeout);
        return await reader.ReadToEndAsync(deadline.Token);
    }

    private string JsonPostHead(long contentLength) =>
        $"POST /api/v1/session/{sessionId} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
        $"Content-Length: {contentLength}\r\n\r\n";

    [Fact]
    public async Task A_json_body_over_the_size_limit_gets_413_with_problem_details()
    {
        var answer = await SendRawAsync(JsonPostHead(64L * 1024 * 1024), "{\"workload\":\"", TimeSpan.FromSeconds(60));

        Assert.StartsWith("HTTP/1.1 413", answer);
        Assert.Contains("application/problem+json", answer);
        Assert.Contains("The body is larger than the server accepts", answer);
    }

    [Fact]
    public async Task A_json_body_sent_too_slowly_gets_408_with_problem_details()
    {
        // one byte, then nothing: Kestrel gives up below 240 bytes/s after its 5 s grace period
        var answer = await SendRawAsync(JsonPostHead(1000), "{", TimeSpan.FromSeconds(60));

        Assert.StartsWith("HTTP/1.1 408", answer);
        Assert.Contains("The body arrived too slowly", answer);
    }

    private async Task<HttpResponseMessage> PostFormAsync(IEnumerable<KeyValuePair<string, string>> fields, bool htmx)
    {
        var page = await http.GetStringAsync($"/sessions/{sessionId}");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/sessions/{sessionId}?handler=Run")
        {
            Headers = { { "RequestVerificationToken", AntiforgeryToken().Match(page).Groups[1].Value } },
            Content = new FormUrlEncodedContent(fields),
        };
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
        }
        return await http.SendAsync(request);
    }

    private static KeyValuePair<string, string> Field(string name, string value) => new(name, value);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_form_with_2000_events_gets_413_saying_so_not_404(bool htmx)
    {
        var fields = Enumerable.Range(0, 2000).Select(i => Field("Form.Events", $"e{i}")).Prepend(Field("Form.Workload", "true"));

        var response = await PostFormAsync(fields, htmx);
        var text = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("The form is larger than the server accepts (Form value count limit 1024 exceeded)", text);
        Assert.Equal("[]", await http.GetStringAsync($"/api/v1/session/{sessionId}"));
    }

    [Fact]
    public async Task A_form_with_a_5_mb_field_gets_413_saying_so()
    {
        var response = await PostFormAsync([Field("Form.Workload", "true"), Field("Form.Description", new string('d', 5_000_000))], htmx: false);
        var text = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("The form is larger than the server accepts", text);
        Assert.Contains("length limit 4194304 exceeded", text);
    }

    [Theory]
    [InlineData("Form.Tool", "7", "The value '7' is")]
    [InlineData("Form.Tool", "perf", "The value 'perf' is not valid for Tool.")]
    [InlineData("Form.Streaming", "abc", "The value 'abc' is not valid for Streaming.")]
    public async Task A_form_value_a_field_cannot_take_is_reported_under_the_field(string field, string value, string message)
    {
        var response = await PostFormAsync([Field("Form.Workload", "true"), Field(field, value)], htmx: false);
        var text = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"<p class=\"field-error\">{message}", text);
        Assert.Equal("[]", await http.GetStringAsync($"/api/v1/session/{sessionId}"));
    }

    [GeneratedRegex("\"RequestVerificationToken\": \"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
