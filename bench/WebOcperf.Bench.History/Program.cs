using System.Diagnostics;
using Microsoft.Data.Sqlite;
using WebOcperf.Bench.Shared;
using static WebOcperf.Bench.Shared.Stats;

// A session with 10,000 benchmarks (issue 13, item 7), on the real server started as a child process: the time to the
// first byte of its page ÷ that of a session with one benchmark, measured alternately in the same command (target ≤ 2),
// and the size of its HTML (target ≤ 100 KB). One real run goes through perf in each session; the big one's row is then
// copied 9,999 times straight into the database (WAL mode: the server keeps running), one second apart.
// Usage: dotnet run -c Release --project bench/WebOcperf.Bench.History -- [--runs 10000] [--requests 40] [--server path/to/WebOcperf.dll]
var runCount = Arguments.Int(args, "--runs", 10_000);
var requests = Arguments.Int(args, "--requests", 40);

await using var server = await BenchServer.StartAsync(BenchServer.LocateServerDll(args), Arguments.All(args, "--server-env"));
using var client = new WebOcperfClient(server.BaseAddress);
var small = await client.CreateSessionAsync("bench: one benchmark");
var big = await client.CreateSessionAsync($"bench: {runCount:N0} benchmarks");
foreach (var session in new[] { small, big })
{
    var id = await client.SubmitAsync(session, "true", ["task-clock"], 100, "a real run");
    await client.WaitFinishedAsync(id, TimeSpan.FromSeconds(60));
}
await CopyNewestRunAsync(Path.Combine(server.DataDirectory, "webocperf.db"), big, runCount - 1);
Console.WriteLine($"server pid {server.Pid}, {Environment.ProcessorCount} cores; sessions with 1 and {runCount:N0} benchmarks, {requests} requests each, alternating");

using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
// warm-up: JIT of the page and its queries; not measured
for (var i = 0; i < 5; i++)
{
    await FirstByteAsync(small);
    await FirstByteAsync(big);
}
var smallTimes = new List<double>();
var bigTimes = new List<double>();
long bigBytes = 0, smallBytes = 0;
for (var i = 0; i < requests; i++)
{
    var (smallMs, smallSize) = await FirstByteAsync(small);
    var (bigMs, bigSize) = await FirstByteAsync(big);
    smallTimes.Add(smallMs);
    bigTimes.Add(bigMs);
    (smallBytes, bigBytes) = (smallSize, bigSize);
}

var ratio = Median(bigTimes) / Median(smallTimes);
Console.WriteLine($"time to first byte, median (p95): 1 benchmark {F(Median(smallTimes))} ms ({F(Percentile(smallTimes, 95))}), " +
                  $"{runCount:N0} benchmarks {F(Median(bigTimes))} ms ({F(Percentile(bigTimes, 95))})");
Console.WriteLine($"ratio {F(ratio)} (target ≤ 2): {(ratio <= 2 ? "met" : "NOT met")}");
Console.WriteLine($"HTML: 1 benchmark {smallBytes / 1024.0:F1} KB, {runCount:N0} benchmarks {bigBytes / 1024.0:F1} KB (target ≤ 100 KB): {(bigBytes <= 100 * 1024 ? "met" : "NOT met")}");
return ratio <= 2 && bigBytes <= 100 * 1024 ? 0 : 1;

// the time until the answer's first byte (headers read), then the whole body's size
async Task<(double Ms, long Bytes)> FirstByteAsync(Guid session)
{
    var watch = Stopwatch.StartNew();
    using var response = await http.GetAsync($"sessions/{session}", HttpCompletionOption.ResponseHeadersRead);
    await using var body = await response.Content.ReadAsStreamAsync();
    var buffer = new byte[1];
    var first = await body.ReadAsync(buffer);
    var elapsed = watch.Elapsed.TotalMilliseconds;
    response.EnsureSuccessStatusCode();
    var rest = new MemoryStream();
    await body.CopyToAsync(rest);
    return (elapsed, first + rest.Length);
}

// copies the session's one benchmark row, with new ids and one second apart before it, as months of use would leave them
static async Task CopyNewestRunAsync(string database, Guid session, int copies)
{
    await using var connection = new SqliteConnection($"Data Source={database}");
    await connection.OpenAsync();
    var columns = new List<string>();
    await using (var info = connection.CreateCommand())
    {
        info.CommandText = "PRAGMA table_info(Benchmarks)";
        await using var reader = await info.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            columns.Add(reader.GetString(1));
        }
    }
    var copied = columns.Where(c => c is not ("Id" or "CreatedAt")).Select(c => $"\"{c}\"").ToList();
    await using var transaction = connection.BeginTransaction();
    await using var insert = connection.CreateCommand();
    insert.Transaction = transaction;
    insert.CommandText = $"INSERT INTO Benchmarks (\"Id\", \"CreatedAt\", {string.Join(", ", copied)}) " +
                         $"SELECT $id, $createdAt, {string.Join(", ", copied)} FROM Benchmarks WHERE SessionId = $session LIMIT 1";
    var id = insert.Parameters.Add("$id", SqliteType.Text);
    var createdAt = insert.Parameters.Add("$createdAt", SqliteType.Text);
    insert.Parameters.AddWithValue("$session", session.ToString().ToUpperInvariant());
    var start = DateTime.UtcNow.AddDays(-1);
    for (var i = 0; i < copies; i++)
    {
        id.Value = Guid.CreateVersion7().ToString().ToUpperInvariant();
        createdAt.Value = start.AddSeconds(i).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture);
        if (await insert.ExecuteNonQueryAsync() != 1)
        {
            throw new InvalidOperationException($"the session's benchmark row was not found (session {session})");
        }
    }
    await transaction.CommitAsync();
}
