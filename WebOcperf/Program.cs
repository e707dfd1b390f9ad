using WebOcperf.Api;
using WebOcperf.Benchmarks;
using WebOcperf.Compare;
using WebOcperf.Data;
using WebOcperf.Events;
using WebOcperf.Infrastructure;
using WebOcperf.Running;
using WebOcperf.Security;
using WebOcperf.Sessions;

var builder = WebApplication.CreateBuilder(args);
builder.AddInfrastructure();
builder.AddSecurity();
builder.Services
    .AddData()
    .AddEvents()
    .AddRunning()
    .AddBenchmarks()
    .AddCompare()
    .AddSessions();

var app = builder.Build();
await app.PrepareDataAsync();
app.UseSecurity();
app.UseInfrastructure();
app.MapPages();
app.MapBenchmarks();
app.MapApiV1();
app.Run();
