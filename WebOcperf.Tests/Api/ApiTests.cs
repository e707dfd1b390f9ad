using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Api;

public sealed class ApiTests(WebOcperfFactory factory) : IClassFixture<WebOcperfFactory>
{
    private readonly HttpClient http = factory.CreateClient();

    [Fact]
    public async Task Sessions_are_created_and_listed_newest_first()
    {
        var api = new ApiClient(http);
        var first = await api.CreateSessionAsync("first");
        var second = await api.CreateSessionAsync("second");

        var sessions = await http.GetFromJsonAsync<JsonElement>("/api/v1/sessions");

        var ids = sessions.EnumerateArray().Select(s => s.GetProperty("id").GetGuid()).ToList();
        Assert.True(ids.IndexOf(second.Id) < ids.IndexOf(first.Id));
        Assert.Equal(0, sessions.EnumerateArray().First(s => s.GetProperty("id").GetGuid() == first.Id).GetProperty("benchmarkCount").GetInt32());
    }

    [Fact]
    public async Task Creating_a_session_answers_201_with_its_location()
    {
        var response = await http.PostAsJsonAsync("/api/v1/sessions", new { title = "  spaced  " });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("spaced", body.GetProperty("title").GetString());
        Assert.EndsWith(body.GetProperty("id").GetString()!, response.Headers.Location!.ToString());
    }

    [Theory]
    [InlineData("{\"title\":\"\"}", "title")]
    [InlineData("{\"title\":\"   \"}", "title")]
    [InlineData("{\"title\":42}", "title")]
    [InlineData("{not json", "body")]
    [InlineData("null", "body")]
    public async Task Bad_session_bodies_are_400_naming_the_field(string body, string field)
    {
        var response = await http.PostAsync("/api/v1/sessions", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415()
    {
        var response = await http.PostAsync("/api/v1/sessions", new StringContent("title=x", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"events\":[\"task-clock\"]}", "workload")]
    [InlineData("{\"workload\":\"true\",\"interval\":-5}", "interval")]
    [InlineData("{\"workload\":\"true\",\"interval\":\"abc\"}", "interval")]
    [InlineData("{\"workload\":\"true\",\"interval\":99999999}", "interval")]
    [InlineData("{\"workload\":\"true\",\"env\":{\"BAD NAME\":\"1\"}}", "env")]
    [InlineData("{\"workload\":\"true\",\"events\":[\"task clock\"]}", "events")]
    [InlineData("{\"workload\":\"true\",\"events\":[\"a\",\"a\"]}", "events")]
    [InlineData("{\"workload\":\"true\",\"tool\":\"nonsense\"}", "tool")]
    [InlineData("{\"workload\":\"true\",\"events\":[\"no_such_event_xyz\"]}", "events")]
    [InlineData("{\"workload\":\"a\\u0000b\"}", "workload")]
    [InlineData("{\"workload\":\"true\",\"repeat\":0}", "repeat")]
    [InlineData("{\"workload\":\"true\",\"repeat\":101}", "repeat")]
    [InlineData("{\"workload\":\"true\",\"repeat\":\"ten\"}", "repeat")]
    [InlineData("{\"workload\":\"true\",\"warmup\":-1}", "warmup")]
    [InlineData("{\"workload\":\"true\",\"warmup\":11}", "warmup")]
    [InlineData("{\"workload\":\"true\",\"tool\":\"record\",\"repeat\":3}", "repeat")]
    [InlineData("{\"workload\":\"true\",\"tool\":\"record\",\"warmup\":1}", "warmup")]
    [InlineData("{\"workload\":\"true\",\"prepare\":\"a\\u0000b\"}", "prepare")]
    public async Task Bad_benchmark_bodies_are_400_naming_the_field(string body, string field)
    {
        var session = await new ApiClient(http).CreateSessionAsync();

        var response = await http.PostAsync($"/api/v1/session/{session.Id}", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("/api/v1/session/00000000-0000-0000-0000-000000000001")]
    [InlineData("/api/v1/session/not-a-guid")]
    [InlineData("/api/v1/benchmark/00000000-0000-0000-0000-000000000001.json")]
    [InlineData("/api/v1/benchmark/not-a-guid.json")]
    [InlineData("/api/v1/benchmark/00000000-0000-0000-0000-000000000001.html")]
    [InlineData("/api/v1/benchmark/00000000-0000-0000-0000-000000000001.raw")]
    [InlineData("/benchmarks/00000000-0000-0000-0000-000000000001/events")]
    [InlineData("/benchmarks/00000000-0000-0000-0000-000000000001/download/raw")]
    public async Task Unknown_ids_are_404(string path)
    {
        var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_format_is_404_and_says_which_formats_exist()
    {
        var session = await new ApiClient(http).CreateSessionAsync();
        var benchmark = await new ApiClient(http).SubmitAsync(session.Id, new { workload = "true", events = new[] { "task-clock" } });

        var response = await http.GetAsync($"/api/v1/benchmark/{benchmark.Id}.exe");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("json, html, csv, raw, perfdata, archive, script, folded or functions", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Submitting_to_an_unknown_session_is_404()
    {
        var response = await http.PostAsJsonAsync($"/api/v1/session/{Guid.NewGuid()}", new { workload = "true" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_benchmark_is_202_and_appears_in_its_session()
    {
        var api = new ApiClient(http);
        var session = await api.CreateSessionAsync();

        var response = await http.PostAsJsonAsync($"/api/v1/session/{session.Id}",
            new { description = "d", workload = "true", events = new[] { "task-clock" }, interval = (int?)null, tool = "stat", streaming = false });
        var listed = await http.GetFromJsonAsync<JsonElement>($"/api/v1/session/{session.Id}");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Queued", created.GetProperty("status").GetString());
        Assert.False(created.GetProperty("streaming").GetBoolean());
        Assert.Equal(created.GetProperty("id").GetGuid(), listed.EnumerateArray().Single().GetProperty("id").GetGuid());
    }
}

/// <summary>What a server started without the Development environment answers to API requests it cannot route or bind.</summary>
public sealed class ApiErrorAnswerTests
{
    private sealed class ProductionFactory : WebOcperfFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
        }
    }

    [Theory]
    [InlineData("/api/v1/hosts?fresh=maybe", 400)]
    [InlineData("/api/v1/no-such-route", 404)]
    public async Task An_api_answer_without_a_body_is_problem_details_not_the_error_page(string path, int status)
    {
        await using var factory = new ProductionFactory();

        using var response = await factory.CreateClient().GetAsync(path);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
