using Microsoft.Extensions.Options;
using WebOcperf.Infrastructure;

namespace WebOcperf.Running;

/// <summary>
/// Where a benchmark's files live: <c>&lt;data&gt;/benchmarks/&lt;id&gt;/</c>. Paths are built from the id only, never
/// from anything else a request carries. A benchmark of one perf invocation keeps that invocation's files in its own
/// directory (<see cref="Invocation(Guid)"/>); a benchmark of several (repetitions, warm-ups) gives each invocation a
/// sub-directory of its own (<see cref="Invocation(Guid, string)"/>).
/// </summary>
public sealed class BenchmarkFiles(IOptions<WebOcperfOptions> options)
{
    public const string StatCsvName = "perf-stat.csv";
    public const string WorkloadLogName = "workload.log";
    public const string PerfStderrName = "perf-stderr.log";
    public const string WorkloadStatusName = "workload-status";
    public const string PerfDataName = "perf.data";

    /// <summary>
    /// perf archive's bundle of a host's recording: the build-id files of every binary it sampled, which symbolise
    /// perf.data on another machine (<c>tar xf … -C ~/.debug</c>).
    /// </summary>
    public const string PerfArchiveName = "perf.data.tar.bz2";

    private readonly string root = Path.Combine(options.Value.ResolveDataDirectory(), "benchmarks");

    public string Root => root;

    public string DirectoryOf(Guid id) => Path.Combine(root, id.ToString("N"));

    /// <summary>The files of a benchmark's only perf invocation, in the benchmark's directory.</summary>
    public InvocationFiles Invocation(Guid id) => new(id, DirectoryOf(id));

    /// <summary>
    /// The files of one of a benchmark's several perf invocations, in a sub-directory named <paramref name="part"/>
    /// (letters, digits, '-' and '_' only, e.g. <c>repetition-3</c>).
    /// </summary>
    public InvocationFiles Invocation(Guid id, string part)
    {
        if (part.Length == 0 || !part.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException($"'{part}' is not a plain name for an invocation's directory", nameof(part));
        }
        return new(id, Path.Combine(DirectoryOf(id), part));
    }

    public string StatCsv(Guid id) => Invocation(id).StatCsv;
    public string WorkloadLog(Guid id) => Invocation(id).WorkloadLog;
    public string PerfStderr(Guid id) => Invocation(id).PerfStderr;
    public string WorkloadStatus(Guid id) => Invocation(id).WorkloadStatus;
    public string PerfData(Guid id) => Invocation(id).PerfData;
    public string PerfArchive(Guid id) => Invocation(id).PathOf(PerfArchiveName);

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

/// <summary>The local files of one perf invocation of a benchmark.</summary>
public sealed record InvocationFiles(Guid BenchmarkId, string Directory)
{
    public string StatCsv => PathOf(BenchmarkFiles.StatCsvName);
    public string WorkloadLog => PathOf(BenchmarkFiles.WorkloadLogName);
    public string PerfStderr => PathOf(BenchmarkFiles.PerfStderrName);
    public string WorkloadStatus => PathOf(BenchmarkFiles.WorkloadStatusName);
    public string PerfData => PathOf(BenchmarkFiles.PerfDataName);

    public string PathOf(string fileName) => Path.Combine(Directory, fileName);
}
