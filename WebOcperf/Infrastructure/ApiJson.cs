using System.Text.Json;
using System.Text.Json.Serialization;

namespace WebOcperf.Infrastructure;

public static class ApiJson
{
    /// <summary>camelCase names and enums as their names, for the API and for the chart's JSON.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        // names only: "tool": 7 is not a tool
        options.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        options.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
        // titles, symbols and event names in any script stay readable; < > & ' " are still escaped
        options.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
    }

    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        return options;
    }
}
