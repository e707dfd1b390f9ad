using System.Globalization;
using System.Text;

namespace WebOcperf.Bench.Shared;

/// <summary>When an interval landed in perf's file, by the bench's inotify wake-up and by the file's mtime.</summary>
public readonly record struct Landing(DateTime SeenUtc, DateTime MtimeUtc);

/// <summary>
/// Follows a run's perf-stat.csv from the outside, like the server does (inotify through FileSystemWatcher), and
/// notes when each interval's last line landed in the file. This is the start of the latency the streaming target
/// is about: line in perf's file → its SSE event at a viewer.
/// </summary>
public sealed class StatFileWatcher(string directory, int eventsPerInterval) : IDisposable
{
    private const string FileName = "perf-stat.csv";

    private readonly object gate = new();
    private readonly Dictionary<long, int> linesPerInterval = [];
    private readonly Dictionary<long, Landing> landings = [];
    private readonly StringBuilder partialLine = new();
    private FileSystemWatcher? watcher;
    private long position;
    private bool catchingUp;

    /// <summary>Intervals seen complete after the watcher was running, by interval time in microseconds.</summary>
    public IReadOnlyDictionary<long, Landing> Landings
    {
        get
        {
            lock (gate)
            {
                return new Dictionary<long, Landing>(landings);
            }
        }
    }

    public int LandedCount
    {
        get
        {
            lock (gate)
            {
                return landings.Count;
            }
        }
    }

    /// <summary>The key of a sample's time: perf prints nanoseconds, the SSE payload carries the same double.</summary>
    public static long Key(double seconds) => (long)Math.Round(seconds * 1e6);

    /// <summary>Waits for the server to create the run's directory, then watches the file.</summary>
    public async Task StartAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        while (!Directory.Exists(directory))
        {
            await Task.Delay(2, timeout.Token);
        }
        watcher = new FileSystemWatcher(directory, FileName)
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName,
        };
        watcher.Changed += (_, _) => ReadNew();
        watcher.Created += (_, _) => ReadNew();
        watcher.EnableRaisingEvents = true;

        // whatever perf wrote before the watcher ran gets no landing time: its arrival time is unknown
        lock (gate)
        {
            catchingUp = true;
        }
        ReadNew();
        lock (gate)
        {
            catchingUp = false;
        }
    }

    public void Dispose() => watcher?.Dispose();

    private void ReadNew()
    {
        var path = Path.Combine(directory, FileName);
        lock (gate)
        {
            string text;
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
                stream.Seek(position, SeekOrigin.Begin);
                using var reader = new StreamReader(stream, Encoding.UTF8);
                text = reader.ReadToEnd();
                position = stream.Position;
            }
            catch (FileNotFoundException)
            {
                return;
            }
            // both stamps are taken right after the read: the mtime is the kernel's time of perf's last write
            var seen = DateTime.UtcNow;
            var mtime = File.GetLastWriteTimeUtc(path);

            partialLine.Append(text);
            var all = partialLine.ToString();
            var lastNewline = all.LastIndexOf('\n');
            if (lastNewline < 0)
            {
                return;
            }
            partialLine.Clear().Append(all.AsSpan(lastNewline + 1));
            foreach (var line in all[..lastNewline].Split('\n'))
            {
                var comma = line.IndexOf(',');
                if (comma < 0 || !double.TryParse(line.AsSpan(0, comma).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var time))
                {
                    continue;
                }
                var key = Key(time);
                var count = linesPerInterval.GetValueOrDefault(key) + 1;
                linesPerInterval[key] = count;
                if (count == eventsPerInterval && !catchingUp)
                {
                    landings[key] = new Landing(seen, mtime);
                }
            }
        }
    }
}
