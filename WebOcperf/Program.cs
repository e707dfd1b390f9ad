using WebOcperf.Api;
using WebOcperf.Benchmarks;
using WebOcperf.Compare;
using WebOcperf.Data;
using WebOcperf.Events;
using WebOcperf.Health;
using WebOcperf.Infrastructure;
using WebOcperf.Running;
using WebOcperf.Security;
using WebOcperf.Sessions;

// the app's own directory, not the current one: started from elsewhere, the app would miss its appsettings.json (and
// with it the log levels that keep request lines, ?token= included, out of the log)
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddInfrastructure();
builder.AddSecurity();
builder.Services
    .AddData()
    .AddEvents()
    .AddRunning()
    .AddBenchmarks()
    .AddCompare()
    .AddSessions()
    .AddHealth()
    .AddApiDocument();

var app = builder.Build();
await app.PrepareDataAsync();
app.UseSecurity();
app.UseInfrastructure();
app.MapPages();
app.MapBenchmarks();
app.MapApiV1();
app.MapApiDocument();
app.MapHealth();
app.Run();
