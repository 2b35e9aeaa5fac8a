using ProfilePhotos.Graph;
using ProfilePhotos.Hosting;
using ProfilePhotos.Identity;
using ProfilePhotos.Imaging;
using ProfilePhotos.Photos;
using ProfilePhotos.Storage;

if (CommandLine.WantsHelp(args))
{
    Console.Write(CommandLine.Help);
    return 0;
}

NativeHeap.LimitArenas();
var migrate = MigrateCommand.TryParse(HttpsSetup.ExpandFlag(args), out var migrationSource, out var settings);

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
    .AddGraphIdentity()
    .AddPhotos()
    .AddBrowserAccess()
    .KeepDataProtectionKeysInDataDirectory();
builder.Services.AddOpenApi();

var app = builder.Build();
if (!SettingsCheck.Passes(app.Services, Console.Error))
{
    return SettingsCheck.ExitCode;
}

if (migrate)
{
    return await MigrateCommand.RunAsync(app, migrationSource);
}

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
