using WebOcperf.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddWebOcperf();

var app = builder.Build();
await app.PrepareDataAsync();
app.UseWebOcperf();
app.MapWebOcperf();
app.Run();
