// Usage: KestrelFloor <file> (listens where --urls says). Serves the file's bytes at /photo.jpg.
var bytes = File.ReadAllBytes(args[0]);
var builder = WebApplication.CreateSlimBuilder(args[1..]);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
var app = builder.Build();
app.MapGet("/photo.jpg", () => Results.Bytes(bytes, "image/jpeg"));
app.Run();
