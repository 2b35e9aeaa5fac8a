using ProfilePhotos.Graph;
using ProfilePhotos.Hosting;
using ProfilePhotos.Identity;
using ProfilePhotos.Imaging;
using ProfilePhotos.Photos;
using ProfilePhotos.Principals;
using ProfilePhotos.Storage;

if (CommandLine.WantsHelp(args))
{
    Console.Write(CommandLine.Help);
    return 0;
}

NativeHeap.LimitArenas();
if (!MigrateCommand.TryParse(HttpsSetup.ExpandFlag(args), out var migrate, out var migrationSource, out var settings))
{
    Console.Error.WriteLine(MigrateCommand.Usage);
    return SettingsCheck.ExitCode;
}

// Settings ship beside the executable; relative paths (./data) are taken from where it is started.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = settings, ContentRootPath = AppContext.BaseDirectory });
if (!SettingsCheck.Passes(builder.Configuration, Console.Error))
{
    return SettingsCheck.ExitCode;
}

builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
builder.ServeHttpsWhenAsked();
builder.Services
    .AddGraphConventions()
    .AddStorage()
    .AddDirectory()
    .AddGraphIdentity()
    .AddPhotos()
    .AddBrowserAccess()
    .KeepDataProtectionKeysInStore();
builder.Services.AddGraphOpenApi();

var app = builder.Build();
if (!SettingsCheck.Passes(app.Services, Console.Error))
{
    return SettingsCheck.ExitCode;
}

if (migrate)
{
    return await MigrateCommand.RunAsync(app, migrationSource);
}

// The order is the request's path through the service, and each step needs the one before it:
// CORS first, so that a browser's preflight is answered without a token and every answer, errors
// included, carries the CORS headers; $batch next, so that each of its requests runs everything
// below on its own (its own envelope, routing, authentication and permission check); then the
// correlation headers and the Graph envelope for every error below; routing before authentication
// and authorization, which read the endpoint's declared permissions and the parsed object path.
app.UseCors();
app.UseMiddleware<GraphBatching>();
app.UseGraphConventions();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();

app.MapHealthChecks("/healthz");
app.MapOpenApi();
app.MapEmbeddedIdentity();
app.MapGraphV1();

await app.InitializeStoreAsync(app.Lifetime.ApplicationStopping);
await app.InitializeIdentityAsync(app.Lifetime.ApplicationStopping);
await app.InitializePhotosAsync(app.Lifetime.ApplicationStopping);
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
