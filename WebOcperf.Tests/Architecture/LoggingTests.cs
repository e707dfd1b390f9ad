using System.Text.RegularExpressions;

namespace WebOcperf.Tests.Architecture;

/// <summary>
/// The server logs through <c>[LoggerMessage]</c> methods (source-generated: no boxing or formatting when the level
/// is off, one place per message with its event id), never through <c>logger.LogWarning("…")</c> and the like.
/// </summary>
public sealed partial class LoggingTests
{
    [Fact]
    public void Every_log_line_of_the_server_is_a_LoggerMessage_method()
    {
        var direct = Directory.GetDirectories(Checkout.ProjectDirectory)
            .Where(folder => Path.GetFileName(folder) is not ("bin" or "obj" or "wwwroot"))
            .Append(Checkout.ProjectDirectory)
            .SelectMany(folder => DirectLogCalls(folder, recursive: folder != Checkout.ProjectDirectory)
                .Select(call => Path.GetRelativePath(Checkout.ProjectDirectory, folder) + "/" + call))
            .ToList();

        Assert.True(direct.Count == 0, $"Log calls in WebOcperf/ that are not [LoggerMessage] methods:\n{string.Join("\n", direct)}");
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
                DirectLogCalls(directory, recursive: true));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static IEnumerable<string> DirectLogCalls(string directory, bool recursive)
    {
        var depth = recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly;
        foreach (var file in Directory.EnumerateFiles(directory, "*.cs*", depth).Order(StringComparer.Ordinal))
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
