using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Api;

/// <summary>
/// No 500 for bad input: each case states the status and the words the user gets. <c>{session}</c> stands for a real
/// session, <c>{benchmark}</c> for a real finished benchmark, <c>{guid}</c> for an id that does not exist.
/// </summary>
public sealed partial class BadInputTests(WebOcperfFactory factory) : IClassFixture<WebOcperfFactory>
{
    private const string Json = "application/json";
    private static readonly string LongTitle = new('t', 10_000);
    private static readonly string OneHugeVariable = $"{{\"workload\":\"true\",\"env\":{{\"BIG\":\"{new string('v', 200_000)}\"}}}}";
    private static readonly string ManyLargeVariables = "{\"workload\":\"true\",\"env\":{" +
        string.Join(",", Enumerable.Range(0, 30).Select(i => $"\"V{i}\":\"{new string('v', 100_000)}\"")) + "}}";
    private static readonly string ManyEvents = "[" + string.Join(",", Enumerable.Range(0, 65).Select(i => $"\"e{i}\"")) + "]";

    public static TheoryData<string, string, string?, string?, int, string> Cases => new()
    {
        { "POST", "/api/v1/sessions", Json, "{\"title\":\"\"}", 400, "Enter a title" },
        { "POST", "/api/v1/sessions", Json, "{\"title\":\"   \"}", 400, "Enter a title" },
        { "POST", "/api/v1/sessions", Json, $"{{\"title\":\"{LongTitle}\"}}", 400, "longer than 200 characters" },
        { "POST", "/api/v1/sessions", Json, "{\"title\":\"📈 ünïcødé 中文\"}", 201, "\\uD83D\\uDCC8 ünïcødé 中文" },
        { "POST", "/api/v1/sessions", Json, "{\"title\":\"<script>alert(1)</script>\"}", 201, "\\u003Cscript\\u003E" },
        { "POST", "/api/v1/sessions", Json, "{\"title\":\"a\\u0000b\"}", 400, "control characters" },
        { "POST", "/api/v1/sessions", Json, "{{{", 400, "body" },
        { "POST", "/api/v1/sessions", Json, "[]", 400, "body" },
        { "POST", "/api/v1/sessions", "text/plain", "{\"title\":\"x\"}", 415, "Content-Type: application/json" },
        { "POST", "/api/v1/sessions", null, null, 415, "Content-Type: application/json" },
        { "GET", "/api/v1/session/{guid}", null, null, 404, "There is no session" },
        { "GET", "/api/v1/session/not-a-guid", null, null, 404, "There is no session" },
        { "GET", "/api/v1/session/..%2F..%2Fetc%2Fpasswd", null, null, 404, "There is no session" },
        { "GET", "/api/v1/benchmark/{guid}.json", null, null, 404, "There is no benchmark" },
        { "GET", "/api/v1/benchmark/{benchmark}.exe", null, null, 404, "Unknown format" },
        { "GET", "/api/v1/benchmark/..%2F..%2Fwebocperf.raw", null, null, 404, "is not a benchmark id" },
        { "GET", "/benchmarks/{benchmark}/download/..%2F..%2Fwebocperf.db", null, null, 404, "Unknown format" },
        { "GET", "/benchmarks/..%2F..%2Fetc/download/raw", null, null, 404, "is not a benchmark id" },
        { "GET", $"/compare?handler=Candidates&for={{benchmark}}&q={new string('q', 201)}", null, null, 400, "at most 200 characters" },
        { "GET", "/benchmarks/{guid}/series", null, null, 404, "There is no benchmark" },
        { "GET", "/benchmarks/{benchmark}/series?points=1", null, null, 400, "points must be between" },
        { "GET", "/benchmarks/not-a-guid", null, null, 404, "There is nothing at this address" },
        { "GET", "/sessions/{guid}", null, null, 404, "There is nothing at this address" },
        { "POST", "/api/v1/benchmark/{guid}/cancel", null, null, 404, "There is no benchmark" },
        { "DELETE", "/api/v1/session/not-a-guid", null, null, 404, "There is no session" },
        { "POST", "/api/v1/session/{guid}", Json, "{\"workload\":\"true\"}", 404, "There is no session" },
        { "POST", "/api/v1/session/{session}", Json, "{}", 400, "Enter the workload" },
        { "POST", "/api/v1/session/{session}", Json, "{\"workload\":\"a\\u0000b\"}", 400, "NUL byte" },
        { "POST", "/api/v1/session/{session}", Json, $"{{\"workload\":\"true\",\"description\":\"{new string('d', 3000)}\"}}", 400, "longer than 2000" },
        { "POST", "/api/v1/session/{session}", Json, "{\"workload\":\"true\",\"interval\":-5}", 400, "positive number of milliseconds" },
        { "POST", "/api/v1/session/{session}", Json, "{\"workload\":\"true\",\"interval\":\"abc\"}", 400, "interval" },
        { "POST", "/api/v1/session/{session}", Json, "{\"workload\":\"true\",\"interval\":99999999}", 400, "longer than an hour" },
        { "POST", "/api/v1/session/{session}", Json, "{\"workload\":\"true\",\"interval\":1e99}", 400, "interval" },
        { "POST", "/api/v1/session/{session}", Json, $"{{\"workload\":\"true\",\"events\":{ManyEvents}}}", 400, "at most 64" },
        { "POST", "/api/v1/session/{session}", Json, "{\"workload\":\"true\",\"events\":[\"no_such_event\"]}", 400, "no_such_event" },
        { "POST", "/api/v1/session/{session}", Json, "{\"workload\":\"true\",\"events\":[\"nosuchpmu/event=0x1/\"]}", 400, "has no PMU" },
        { "POST", "/api/v1/session/{session}", Json, "{\"workload\":\"true\",\"events\":[\"\"]}", 400, "not an event name" },
        { "POST", "/api/v1/session/{session}", Json, "{\"workload\":\"true\",\"events\":[\"task-clock,page-faults\",\"task-clock\"]}", 400, "holds 2 events" },
        { "POST", "/api/v1/session/{session}", Json, "{\"workload\":\"true\",\"env\":{\"HAS SPACE\":\"1\"}}", 400, "not a valid variable name" },
        { "POST", "/api/v1/session/{session}", Json, "{\"workload\":\"true\",\"env\":{\"\":\"1\"}}", 400, "name is empty" },
        { "POST", "/api/v1/session/{session}", Json, "{\"workload\":\"true\",\"env\":{\"A\":\"x\\u0000y\"}}", 400, "NUL byte" },
        { "POST", "/api/v1/session/{session}", Json, "{\"workload\":\"true\",\"env\":[\"A=1\"]}", 400, "env" },
        { "POST", "/api/v1/session/{session}", Json, "{\"workload\":\"true\",\"events\":[null]}", 400, "An event is null" },
        { "POST", "/api/v1/session/{session}", Json, "{\"workload\":\"true\",\"env\":{\"A\":null}}", 400, "A has no value" },
        { "POST", "/api/v1/session/{session}", Json, "{\"workload\":\"true\",\"tool\":7}", 400, "tool" },
        { "POST", "/api/v1/session/{session}", Json, "{\"workload\":\"true\",\"tool\":\"record\",\"repeat\":5}", 400, "Repeat applies to perf stat only" },
        { "POST", "/api/v1/session/{session}", Json, "{\"workload\":\"true\",\"repeat\":1000}", 400, "between 1 and 100" },
        { "POST", "/api/v1/session/{session}", Json, "{\"workload\":\"true\",\"repeat\":3,\"warmup\":1}", 202, "\"repeat\":3,\"warmup\":1" },
        { "POST", "/api/v1/session/{session}", Json, "{\"workload\":\"true\",\"tool\":\"stat\",\"period\":-3}", 400, "period (-c) applies to perf record only" },
        { "POST", "/api/v1/session/{session}", Json, "{\"workload\":\"true\",\"frequency\":99}", 400, "frequency (-F) applies to perf record only" },
        { "POST", "/api/v1/session/{session}", Json, OneHugeVariable, 400, "MAX_ARG_STRLEN" },
        { "POST", "/api/v1/session/{session}", Json, ManyLargeVariables, 400, "ARG_MAX" },
        { "GET", "/benchmarks/{guid}/profile/histogram.json?from=0&to=1e10", null, null, 400, "to must be a time in the recording" },
        { "GET", "/benchmarks/{guid}/profile/flame.json?from=5&to=1", null, null, 400, "to must be after from" },
        { "GET", "/benchmarks/{guid}?handler=functions&from=NaN&to=1e308", null, null, 400, "from must be a time in the recording" },
        { "GET", "/benchmarks/{guid}?handler=functions&from=2&to=2", null, null, 400, "to must be after from" },
        { "GET", "/benchmarks/{guid}/profile/flame.json?from=-1&to=2", null, null, 400, "from must be a time in the recording" },
        { "GET", "/api/v1/benchmark/{benchmark}.folded?from=0&to=1e300", null, null, 400, "to must be a time in the recording" },
        { "GET", "/Error?status=5", null, null, 400, "The request was not understood" },
        { "GET", "/Error?status=101", null, null, 400, "The request was not understood" },
        { "GET", "/Error?status=503", null, null, 503, "Error 503" },
        { "POST", "/api/v1/session/{session}", Json, "{\"workload\":\"true\",\"interval\":0}", 202, "\"interval\":null" },
        { "POST", "/api/v1/session/{session}", Json, "{\"workload\":\"true\",\"events\":[]}", 202, "\"events\":[]" },
        { "GET", "/events?handler=Search&q=" + new string('%', 3) + "25" + new string('x', 2000), null, null, 200, "No event matches" },
    };

    private Guid? sessionId;
    private Guid? benchmarkId;

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_gets_a_clear_answer_and_never_a_500(string method, string path, string? contentType,
        string? body, int status, string message)
    {
        var http = factory.CreateClient();
        var request = new HttpRequestMessage(new HttpMethod(method), await ResolveAsync(http, path));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = contentType is null ? null : new(contentType);
        }
        if (path.StartsWith("/events", StringComparison.Ordinal))
        {
            request.Headers.Add("HX-Request", "true");
        }

        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(status == (int)response.StatusCode, $"{(int)response.StatusCode}: {Shorten(text)}");
        Assert.Contains(message, text);
    }

    private async Task<string> ResolveAsync(HttpClient http, string path)
    {
        var api = new ApiClient(http);
        if (path.Contains("{session}") || path.Contains("{benchmark}"))
        {
            sessionId ??= (await api.CreateSessionAsync("bad input")).Id;
        }
        if (path.Contains("{benchmark}"))
        {
            benchmarkId ??= (await api.SubmitAsync(sessionId!.Value, new { workload = "true", events = new[] { "task-clock" }, interval = 100 })).Id;
            await api.WaitUntilFinishedAsync(benchmarkId.Value);
        }
        return path.Replace("{session}", sessionId.ToString()).Replace("{benchmark}", benchmarkId.ToString())
            .Replace("{guid}", Guid.NewGuid().ToString());
    }

    private static string Shorten(string text) => text.Length < 300 ? text : text[..300];
}
