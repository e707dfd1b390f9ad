using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using WebOcperf.Benchmarks;
using WebOcperf.Infrastructure;
using WebOcperf.Sessions;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Api;

/// <summary>/openapi/v1.json: every /api/v1 route, its schemas, status codes and problem details, and examples that work.</summary>
public sealed class OpenApiDocumentTests(WebOcperfFactory factory) : IClassFixture<WebOcperfFactory>
{
    private readonly HttpClient http = factory.CreateClient();

    /// <summary>An example that names a field the API does not know fails to read, instead of being ignored.</summary>
    private static readonly JsonSerializerOptions Strict = new(ApiJson.Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The type each request example must read as.</summary>
    private static readonly Dictionary<(string Method, string Path), Type> RequestTypes = new()
    {
        [("post", "/api/v1/sessions")] = typeof(CreateSessionDto),
        [("post", "/api/v1/session/{id}")] = typeof(CreateBenchmarkDto),
        [("patch", "/api/v1/session/{id}")] = typeof(RenameSessionDto),
    };

    private async Task<JsonElement> DocumentAsync()
    {
        var response = await http.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Every_api_v1_route_and_method_is_in_the_document_with_a_summary_and_its_answers()
    {
        var document = await DocumentAsync();
        var routes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/", StringComparison.Ordinal) == true)
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods
                .Select(method => (Method: method.ToLowerInvariant(), Path: e.RoutePattern.RawText!)))
            .ToList();
        Assert.True(routes.Count >= 15, $"only {routes.Count} /api/v1 routes were found");

        var paths = document.GetProperty("paths");
        foreach (var (method, path) in routes)
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is not in the document");
            Assert.True(item.TryGetProperty(method, out var operation), $"{method.ToUpperInvariant()} {path} is not in the document");
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()), $"{method} {path} has no summary");
            var statuses = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
            Assert.Contains(statuses, s => s.StartsWith('2'));
            if (path.Contains("{id}", StringComparison.Ordinal))
            {
                Assert.Contains("404", statuses);
            }
        }
        // nothing but /api/v1: the pages' own endpoints are not the API
        Assert.All(paths.EnumerateObject(), p => Assert.StartsWith("/api/v1/", p.Name));
    }

    [Fact]
    public async Task Bodies_have_schemas_and_errors_are_problem_details()
    {
        var document = await DocumentAsync();
        var submit = document.GetProperty("paths").GetProperty("/api/v1/session/{id}").GetProperty("post");

        var body = submit.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.EndsWith("CreateBenchmarkDto", body.GetProperty("$ref").GetString());
        var responses = submit.GetProperty("responses");
        Assert.EndsWith("BenchmarkDto", responses.GetProperty("202").GetProperty("content").GetProperty("application/json")
            .GetProperty("schema").GetProperty("$ref").GetString());
        Assert.EndsWith("HttpValidationProblemDetails", responses.GetProperty("400").GetProperty("content")
            .GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
        foreach (var status in new[] { "404", "415", "503" })
        {
            Assert.EndsWith("ProblemDetails", responses.GetProperty(status).GetProperty("content")
                .GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
        }

        var schemas = document.GetProperty("components").GetProperty("schemas");
        var fields = schemas.GetProperty("CreateBenchmarkDto").GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equivalent(new[] { "description", "workload", "env", "events", "interval", "tool", "streaming", "frequency",
            "period", "callGraph", "repeat", "warmup", "prepare", "host" }, fields);
        // enums as the API writes them: names, not numbers
        var tool = schemas.GetProperty("PerfTool").GetProperty("enum").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(["Stat", "Record"], tool);
    }

    [Fact]
    public async Task Request_examples_read_as_the_api_types_and_are_accepted_with_the_documented_answer()
    {
        var document = await DocumentAsync();
        var examples = Operations(document)
            .Where(o => o.Operation.TryGetProperty("requestBody", out _))
            .ToList();
        Assert.Equal(RequestTypes.Keys.Order(), examples.Select(o => (o.Method, o.Path)).Order());

        foreach (var (method, path, operation) in examples)
        {
            var example = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example");
            Assert.NotNull(example.Deserialize(RequestTypes[(method, path)], Strict));

            var session = await new ApiClient(http).CreateSessionAsync("openapi examples");
            var url = path.Replace("{id}", session.Id.ToString(), StringComparison.Ordinal);
            var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url)
            {
                Content = new StringContent(example.GetRawText(), Encoding.UTF8, "application/json"),
            });

            var success = operation.GetProperty("responses").EnumerateObject().First(r => r.Name.StartsWith('2'));
            Assert.True(success.Name == ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
            var documented = success.Value.GetProperty("content").GetProperty("application/json").GetProperty("example");
            Assert.Equal(Shape(documented), Shape(answer));
        }
    }

    [Fact]
    public async Task The_documented_refusal_is_what_the_api_answers_for_that_mistake()
    {
        var document = await DocumentAsync();
        var submit = document.GetProperty("paths").GetProperty("/api/v1/session/{id}").GetProperty("post");
        var documented = submit.GetProperty("responses").GetProperty("400").GetProperty("content")
            .GetProperty("application/problem+json").GetProperty("example");
        // the documented mistake: the request example without its workload
        var body = submit.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example")
            .Deserialize<CreateBenchmarkDto>(Strict)! with { Workload = null };
        var session = await new ApiClient(http).CreateSessionAsync("openapi refusal");

        var response = await http.PostAsync($"/api/v1/session/{session.Id}",
            new StringContent(JsonSerializer.Serialize(body, ApiJson.Options), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(JsonElement.DeepEquals(documented.GetProperty("errors"), answer.GetProperty("errors")),
            $"documented {documented.GetProperty("errors")}, answered {answer.GetProperty("errors")}");
        Assert.Equal(documented.GetProperty("detail").GetString(), answer.GetProperty("detail").GetString());
        Assert.Equal(documented.GetProperty("status").GetInt32(), answer.GetProperty("status").GetInt32());
    }

    private static IEnumerable<(string Method, string Path, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (op.Name, path.Name, op.Value)));

    /// <summary>The property names of an answer, nested objects and the first element of arrays included.</summary>
    private static List<string> Shape(JsonElement element, string prefix = "")
    {
        var names = new List<string>();
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    names.Add(prefix + property.Name);
                    // maps keyed by the user's names (env, values) have no fixed shape
                    if (property.Name is not ("env" or "values"))
                    {
                        names.AddRange(Shape(property.Value, $"{prefix}{property.Name}."));
                    }
                }
                break;
            case JsonValueKind.Array when element.GetArrayLength() > 0:
                names.AddRange(Shape(element[0], prefix + "[]."));
                break;
        }
        return names.Order(StringComparer.Ordinal).ToList();
    }
}
