using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using WebOcperf.Infrastructure;

namespace WebOcperf.Api;

/// <summary>
/// An example attached to an <c>/api/v1</c> route, written into the OpenAPI document: the request body's when
/// <see cref="StatusCode"/> is null, else that answer's. Examples are built from the API's own types (and, where they
/// can be, by the code that makes real answers), so that they cannot drift from what the API takes and gives.
/// </summary>
public sealed record ApiExample(int? StatusCode, object Value);

/// <summary>
/// The JSON body a handler reads itself (so that bad JSON is a 400 naming the field). Not <c>Accepts&lt;T&gt;</c>: routing
/// would answer another content type with a bare 415 before the handler could say what to send.
/// </summary>
public sealed record ApiJsonBody(Type Type);

/// <summary>A query parameter a handler reads from the query string itself (the document cannot see it otherwise).</summary>
public sealed record ApiQueryParameter(string Name, string Description, bool Required = false, bool Repeated = false);

/// <summary>
/// The OpenAPI document of <c>/api/v1</c> (ASP.NET Core's built-in generator), served at <c>/openapi/v1.json</c>:
/// every route with its parameters, request and response schemas, status codes, problem-details errors and examples.
/// </summary>
public static class ApiDocument
{
    public const string Name = "v1";
    public const string Url = "/openapi/v1.json";

    public static IServiceCollection AddApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(Name, options =>
        {
            // the pages' own endpoints (series, downloads, the event stream) serve the browser, not scripts
            options.ShouldInclude = description =>
                description.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "WebOcperf API",
                    Version = Name,
                    Description = "Sessions, benchmarks (perf stat and perf record runs), the event catalog, hosts and "
                        + "comparisons. Errors are problem details (RFC 9457); a 400's `errors` names each field that is wrong. "
                        + "Beyond loopback send the access token as `Authorization: Bearer <token>`.",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(async (operation, context, cancellationToken) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<ApiJsonBody>().FirstOrDefault() is { } body)
                {
                    var document = context.Document!;
                    var schema = await context.GetOrCreateSchemaAsync(body.Type, null, cancellationToken);
                    document.Components ??= new OpenApiComponents();
                    document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
                    document.Components.Schemas.TryAdd(body.Type.Name, schema);
                    operation.RequestBody = new OpenApiRequestBody
                    {
                        Required = true,
                        Content = new Dictionary<string, OpenApiMediaType>
                        {
                            ["application/json"] = new() { Schema = new OpenApiSchemaReference(body.Type.Name, document) },
                        },
                    };
                }
                foreach (var parameter in metadata.OfType<ApiQueryParameter>())
                {
                    operation.Parameters ??= [];
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = parameter.Name,
                        In = ParameterLocation.Query,
                        Required = parameter.Required,
                        Description = parameter.Description,
                        Schema = parameter.Repeated
                            ? new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } }
                            : new OpenApiSchema { Type = JsonSchemaType.String },
                    });
                }
                foreach (var example in metadata.OfType<ApiExample>())
                {
                    var content = example.StatusCode is { } status
                        ? operation.Responses?.TryGetValue(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response) == true
                            ? response.Content
                            : null
                        : operation.RequestBody?.Content;
                    foreach (var mediaType in content?.Values ?? [])
                    {
                        mediaType.Example = JsonSerializer.SerializeToNode(example.Value, example.Value.GetType(), ApiJson.Options);
                    }
                }
            });
        });

    public static WebApplication MapApiDocument(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        return app;
    }

    /// <summary>The request body's example.</summary>
    public static RouteHandlerBuilder WithRequestExample(this RouteHandlerBuilder route, object value) =>
        route.WithMetadata(new ApiExample(null, value));

    /// <summary>The example of one answer.</summary>
    public static RouteHandlerBuilder WithResponseExample(this RouteHandlerBuilder route, int statusCode, object value) =>
        route.WithMetadata(new ApiExample(statusCode, value));

    public static RouteHandlerBuilder WithQueryParameter(this RouteHandlerBuilder route, string name, string description,
        bool required = false, bool repeated = false) =>
        route.WithMetadata(new ApiQueryParameter(name, description, required, repeated));

    /// <summary>A JSON body of <typeparamref name="T"/>, with the 400 and 415 problems its reading answers.</summary>
    public static RouteHandlerBuilder AcceptsJson<T>(this RouteHandlerBuilder route) where T : notnull =>
        route.WithMetadata(new ApiJsonBody(typeof(T)))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
}
