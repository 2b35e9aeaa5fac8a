using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.GraphSdk.Tests;

/// <summary>
/// A token provider as an application developer writes one: it asks the service's embedded
/// issuer, and the SDK attaches the token to requests for the service's host only.
/// </summary>
public sealed class EmbeddedIssuerTokenProvider(Func<Task<string>> token, string host) : IAccessTokenProvider
{
    public AllowedHostsValidator AllowedHostsValidator { get; } = new([host]);

    public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
        AllowedHostsValidator.IsUrlHostValid(uri) ? token() : Task.FromResult("");
}

public static class GraphSdkClient
{
    /// <summary>
    /// The official SDK, unmodified: its default middleware (retry, redirect, compression...) with
    /// the in-memory server as the final handler, and the service's /v1.0 as its base address.
    /// </summary>
    public static GraphServiceClient For(ServiceFixture service, Func<Task<string>> token)
    {
        var http = GraphClientFactory.Create(finalHandler: service.Server.CreateHandler());
        var auth = new BaseBearerTokenAuthenticationProvider(new EmbeddedIssuerTokenProvider(token, "localhost"));
        return new GraphServiceClient(http, auth, "http://localhost/v1.0");
    }

    public static GraphServiceClient AsApplication(ServiceFixture service, TestApplication app) =>
        For(service, () => service.Graph.AppTokenAsync(app));

    public static GraphServiceClient AsUser(ServiceFixture service, TestUser user, string scopes) =>
        For(service, () => service.Graph.UserTokenAsync(user, scopes));
}
