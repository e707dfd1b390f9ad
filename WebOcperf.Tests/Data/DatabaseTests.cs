using WebOcperf.Data;
using Microsoft.Data.Sqlite;
using WebOcperf.Infrastructure;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Data;

/// <summary>The database the server keeps its metadata in.</summary>
public sealed class DatabaseTests(WebOcperfFactory factory) : IClassFixture<WebOcperfFactory>
{
    [Fact]
    public async Task The_database_is_in_write_ahead_log_mode_so_a_crash_cannot_tear_a_write()
    {
        // start the server: it creates and migrates the database
        using var http = factory.CreateClient();
        (await http.GetAsync("/api/v1/sessions", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        await using var connection = new SqliteConnection(
            $"Data Source={Path.Combine(factory.DataDirectory, DataRegistration.DatabaseFileName)};Mode=ReadOnly");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }
}
