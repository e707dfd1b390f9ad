using System.Text;
using WebOcperf.Perf.Record;

namespace WebOcperf.Tests.Perf.Record;

/// <summary>Parses text or golden files into profiles whose sample logs live in a per-test temporary directory.</summary>
public sealed class RecordTestSupport : IDisposable
{
    public RecordTestSupport() => Directory.CreateDirectory(TempDirectory);

    public string TempDirectory { get; } = Path.Combine(Path.GetTempPath(), "webocperf-record-tests-" + Guid.NewGuid().ToString("N"));

    public static string GoldenPath(string name) => Path.Combine(AppContext.BaseDirectory, "Perf", "Record", "Golden", name);

    public static string GoldenText(string name) => File.ReadAllText(GoldenPath(name));

    public RecordProfile ParseGolden(string name) => ParseText(GoldenText(name));

    public RecordProfile ParseText(string text) => ParseBytes(Encoding.UTF8.GetBytes(text));

    public RecordProfile ParseBytes(byte[] bytes, int? maxReadSize = null)
    {
        Stream input = maxReadSize is { } size ? new TrickleStream(bytes, size) : new MemoryStream(bytes);
        return PerfScriptParser.Parse(input, NewSampleLogPath());
    }

    public string NewSampleLogPath() => Path.Combine(TempDirectory, Guid.NewGuid().ToString("N") + ".samples");

    /// <summary>Sample header lines, counted without the parser: every non-empty line that is not a tab-indented frame.</summary>
    public static int CountHeaderLines(string text) =>
        text.Split('\n').Count(line => line.Length > 0 && line[0] != '\t');

    public void Dispose() => Directory.Delete(TempDirectory, recursive: true);

    /// <summary>Returns at most a few bytes per read, like a slow pipe, so lines straddle every buffer boundary.</summary>
    private sealed class TrickleStream(byte[] data, int maxReadSize) : MemoryStream(data)
    {
        private int _next = 1;

        public override int Read(byte[] buffer, int offset, int count)
        {
            _next = _next % maxReadSize + 1;
            return base.Read(buffer, offset, Math.Min(count, _next));
        }
    }
}
