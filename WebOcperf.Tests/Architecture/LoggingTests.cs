using System.Text.RegularExpressions;

namespace WebOcperf.Tests.Architecture;

/// <summary>
/// The server logs through <c>[LoggerMessage]</c> methods (source-generated: no boxing or formatting when the level
/// is off, one place per message with its event id), never through <c>logger.LogWarning("…")</c> and the like.
/// </summary>
public sealed partial class LoggingTests
{
    [Theory]
    [InlineData("Security")]
    [InlineData("Events")]
    [InlineData("Data")]
    [InlineData("Infrastructure")]
    [InlineData("Sessions")]
    [InlineData("Shared")]
    [InlineData("Perf")]
    public void Every_log_line_of_a_folder_is_a_LoggerMessage_method(string folder)
    {
        var directory = Path.Combine(Checkout.ProjectDirectory, folder);
        Assert.True(Directory.Exists(directory), $"{directory} is missing");

        var direct = DirectLogCalls(directory).ToList();

        Assert.True(direct.Count == 0, $"Log calls in {folder}/ that are not [LoggerMessage] methods:\n{string.Join("\n", direct)}");
    }

    [Fact]
    public void A_direct_log_call_is_found()
    {
        var directory = Directory.CreateTempSubdirectory("webocperf-logging-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "Announcer.cs"),
                "class A { void M() {\n  logger.LogWarning(\"Open {Url}\", url);\n  app.Logger.Log(LogLevel.Error, \"x\");\n  logger.OpenWithToken(url);\n} }");

            Assert.Equal(["Announcer.cs:2 `logger.LogWarning(\"Open {Url}\", url);`", "Announcer.cs:3 `app.Logger.Log(LogLevel.Error, \"x\");`"],
                DirectLogCalls(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static IEnumerable<string> DirectLogCalls(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*.cs*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (DirectLogCall().IsMatch(lines[i]))
                {
                    yield return $"{Path.GetRelativePath(directory, file)}:{i + 1} `{lines[i].Trim()}`";
                }
            }
        }
    }

    [GeneratedRegex(@"\.Log(?:Trace|Debug|Information|Warning|Error|Critical)\s*\(|\.Log\s*\(\s*LogLevel\.|LoggerMessage\.Define")]
    private static partial Regex DirectLogCall();
}
