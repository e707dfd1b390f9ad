using Microsoft.Extensions.Options;
using WebOcperf.Infrastructure;

namespace WebOcperf.Running;

/// <summary>
/// Where a benchmark's files live: <c>&lt;data&gt;/benchmarks/&lt;id&gt;/</c>. Paths are built from the id only, never
/// from anything else a request carries.
/// </summary>
public sealed class BenchmarkFiles(IOptions<WebOcperfOptions> options)
{
    public const string StatCsvName = "perf-stat.csv";
    public const string WorkloadLogName = "workload.log";
    public const string PerfStderrName = "perf-stderr.log";
    public const string WorkloadStatusName = "workload-status";
    public const string PerfDataName = "perf.data";

    private readonly string root = Path.Combine(options.Value.ResolveDataDirectory(), "benchmarks");

    public string Root => root;

    public string DirectoryOf(Guid id) => Path.Combine(root, id.ToString("N"));
    public string StatCsv(Guid id) => Path.Combine(DirectoryOf(id), StatCsvName);
    public string WorkloadLog(Guid id) => Path.Combine(DirectoryOf(id), WorkloadLogName);
    public string PerfStderr(Guid id) => Path.Combine(DirectoryOf(id), PerfStderrName);
    public string WorkloadStatus(Guid id) => Path.Combine(DirectoryOf(id), WorkloadStatusName);
    public string PerfData(Guid id) => Path.Combine(DirectoryOf(id), PerfDataName);

    public void Delete(Guid id)
    {
        var directory = DirectoryOf(id);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The last <paramref name="maxBytes"/> of a file as text, or "" when it does not exist.</summary>
    public static string ReadTail(string path, int maxBytes)
    {
        if (!File.Exists(path))
        {
            return "";
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var start = Math.Max(0, stream.Length - maxBytes);
        stream.Seek(start, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        if (start > 0)
        {
            // drop the partial first line so the tail starts cleanly
            var newline = text.IndexOf('\n');
            text = newline >= 0 ? text[(newline + 1)..] : text;
        }
        return text;
    }
}
