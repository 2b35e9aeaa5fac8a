using ProfilePhotos.Graph;
using ProfilePhotos.Hosting;
using ProfilePhotos.Identity;
using ProfilePhotos.Principals;
using ProfilePhotos.Storage;

if (CommandLine.WantsHelp(args))
{
    Console.Write(CommandLine.Help);
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
builder.Services
    .AddGraphConventions()
    .AddEmbeddedStore()
    .AddGraphIdentity()
    .KeepDataProtectionKeysInDataDirectory();

var app = builder.Build();
app.UseGraphConventions();
app.UseAuthentication();
app.UseAuthorization();

app.MapHealthChecks("/healthz");
app.MapEmbeddedIdentity();
app.MapGraphDirectory();

await app.InitializeStoreAsync(app.Lifetime.ApplicationStopping);
await app.InitializeIdentityAsync(app.Lifetime.ApplicationStopping);
await app.RunAsync();

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
