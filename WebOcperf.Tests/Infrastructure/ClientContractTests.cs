using System.Reflection;
using System.Text.RegularExpressions;
using WebOcperf.Benchmarks;
using WebOcperf.Infrastructure;

namespace WebOcperf.Tests.Infrastructure;

/// <summary>
/// The names the server and the scripts share are written on both sides: each C# class of constants has a JS module
/// with a frozen object of the same names (keys are the constants' names in camelCase). A name changed on one side only
/// would make the page wait for an event that never comes.
/// </summary>
public sealed partial class ClientContractTests
{
    [Fact]
    public void The_stream_event_names_agree_with_stream_events_js() =>
        Assert.Equal(ConstantsOf(typeof(StreamEvents)), FrozenObject("stream-events.js", "STREAM_EVENTS"));

    [Fact]
    public void The_htmx_event_names_agree_with_htmx_events_js() =>
        Assert.Equal(ConstantsOf(typeof(HtmxEvents)), FrozenObject("htmx-events.js", "HTMX_EVENTS"));

    [Fact]
    public void A_contract_reader_sees_every_entry_of_the_frozen_object()
    {
        var entries = ParseFrozenObject(
            "export const X = Object.freeze({\n    // a comment: 'quoted'\n    oneName: 'one-name',\n    two: 'two',\n});", "X");

        Assert.Equal(new SortedDictionary<string, string> { ["oneName"] = "one-name", ["two"] = "two" }, entries);
    }

    private static SortedDictionary<string, string> ConstantsOf(Type type)
    {
        var constants = type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .ToDictionary(field => char.ToLowerInvariant(field.Name[0]) + field.Name[1..], field => (string)field.GetRawConstantValue()!);
        Assert.NotEmpty(constants);
        return new SortedDictionary<string, string>(constants, StringComparer.Ordinal);
    }

    private static SortedDictionary<string, string> FrozenObject(string file, string name) =>
        ParseFrozenObject(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ClientContracts", file)), name);

    private static SortedDictionary<string, string> ParseFrozenObject(string source, string name)
    {
        var body = Regex.Match(source, $@"export const {name} = Object\.freeze\(\{{(.*?)\}}\);", RegexOptions.Singleline);
        Assert.True(body.Success, $"no 'export const {name} = Object.freeze({{ … }});' found");
        var withoutComments = LineComment().Replace(body.Groups[1].Value, "");
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (Match entry in Entry().Matches(withoutComments))
        {
            entries.Add(entry.Groups[1].Value, entry.Groups[2].Value);
        }
        return entries;
    }

    [GeneratedRegex(@"//[^\n]*")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"(\w+)\s*:\s*'([^']*)'")]
    private static partial Regex Entry();
}
