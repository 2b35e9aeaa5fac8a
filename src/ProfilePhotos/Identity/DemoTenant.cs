using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ProfilePhotos.Identity;

/// <summary>
/// With no application configured, the first start creates a demo tenant with one administrator
/// application and prints its credentials once; later starts only name it.
/// </summary>
public sealed partial class DemoTenant(ApplicationRegistry registry, IApplicationStore store, IServer server, ILogger<DemoTenant> logger)
{
    public async Task EnsureAsync(IHostApplicationLifetime lifetime, CancellationToken cancellationToken)
    {
        if (registry.HasConfiguredApplications)
        {
            return;
        }

        var existing = (await store.ListAsync(cancellationToken)).FirstOrDefault();
        string? secret = null;
        if (existing is null)
        {
            secret = Base64Url(RandomNumberGenerator.GetBytes(32));
            existing = new RegisteredApplication(
                Guid.NewGuid().ToString("D"), Guid.NewGuid(), RegisteredApplication.Digest(secret), PublicClient: false,
                Permissions.Application, Permissions.Delegated);
            await store.AddAsync(existing, cancellationToken);
        }

        var application = existing;
        // The listening address is known only once the server has started.
        lifetime.ApplicationStarted.Register(() =>
        {
            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5000";
            if (secret is null)
            {
                LogExisting(logger, application.TenantId, application.ClientId);
            }
            else
            {
                LogCreated(logger, application.TenantId, application.ClientId, secret, address.TrimEnd('/'));
            }
        });
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [LoggerMessage(Level = LogLevel.Warning, Message = """
        No application is configured, so ProfilePhotos created a demo tenant. Its secret is shown only this once:
          tenant id:     {TenantId}
          client id:     {ClientId}
          client secret: {Secret}
        Get a token:
          curl -s -X POST {Address}/{TenantId}/oauth2/v2.0/token -d grant_type=client_credentials -d client_id={ClientId} -d client_secret={Secret} -d scope=https://graph.microsoft.com/.default
        """)]
    private static partial void LogCreated(ILogger logger, Guid tenantId, string clientId, string secret, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo tenant {TenantId}, client id {ClientId} (its secret was printed at the first start).")]
    private static partial void LogExisting(ILogger logger, Guid tenantId, string clientId);
}
