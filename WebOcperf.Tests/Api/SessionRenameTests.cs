using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Api;

/// <summary><c>PATCH /api/v1/session/{id}</c> with <c>{title}</c>: the same title rules as creation.</summary>
public sealed class SessionRenameTests(WebOcperfFactory factory) : IClassFixture<WebOcperfFactory>
{
    private readonly HttpClient http = factory.CreateClient();

    [Fact]
    public async Task A_session_is_renamed_and_listed_under_its_new_title()
    {
        var session = await new ApiClient(http).CreateSessionAsync("before");

        var response = await http.PatchAsJsonAsync($"/api/v1/session/{session.Id}", new { title = "  after  " });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("after", body.GetProperty("title").GetString());
        Assert.Equal(session.Id, body.GetProperty("id").GetGuid());
        var sessions = await http.GetFromJsonAsync<JsonElement>("/api/v1/sessions");
        Assert.Equal("after", sessions.EnumerateArray().Single(s => s.GetProperty("id").GetGuid() == session.Id).GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("{\"title\":\"\"}", "title")]
    [InlineData("{\"title\":\"   \"}", "title")]
    [InlineData("{\"title\":\"a\\nb\"}", "title")]
    [InlineData("{}", "title")]
    [InlineData("{\"title\":42}", "title")]
    [InlineData("{not json", "body")]
    public async Task A_bad_title_is_400_naming_the_field_and_keeps_the_old_one(string body, string field)
    {
        var session = await new ApiClient(http).CreateSessionAsync("kept");

        var response = await http.PatchAsync($"/api/v1/session/{session.Id}", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        var sessions = await http.GetFromJsonAsync<JsonElement>("/api/v1/sessions");
        Assert.Equal("kept", sessions.EnumerateArray().Single(s => s.GetProperty("id").GetGuid() == session.Id).GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_title_longer_than_allowed_is_400()
    {
        var session = await new ApiClient(http).CreateSessionAsync();

        var response = await http.PatchAsJsonAsync($"/api/v1/session/{session.Id}", new { title = new string('x', 201) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("00000000-0000-0000-0000-000000000001")]
    [InlineData("not-a-session")]
    public async Task An_unknown_session_is_404(string id)
    {
        var response = await http.PatchAsJsonAsync($"/api/v1/session/{id}", new { title = "x" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415()
    {
        var session = await new ApiClient(http).CreateSessionAsync();

        var response = await http.PatchAsync($"/api/v1/session/{session.Id}", new StringContent("title=x", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }
}
