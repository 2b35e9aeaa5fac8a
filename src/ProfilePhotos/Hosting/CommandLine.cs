namespace ProfilePhotos.Hosting;

/// <summary>What <c>--help</c> prints: every option a user can set, with its default.</summary>
public static class CommandLine
{
    public static bool WantsHelp(IEnumerable<string> args) =>
        args.Any(a => a is "--help" or "-h" or "-?" or "/?");

    public const string Help = """
        ProfilePhotos: a Microsoft Graph v1.0-compatible profile photo service.

        Usage: ProfilePhotos [--urls <addresses>] [--Section:Key=value ...]

        Every setting can be given on the command line (--Storage:DataDirectory=/srv/photos),
        as an environment variable (Storage__DataDirectory=/srv/photos) or in appsettings.json.

          --urls, ASPNETCORE_URLS            Addresses to listen on (default http://localhost:5000).
          Storage:DataDirectory              Where the embedded store keeps its database, keys and
                                             files (default ./data).
          Identity:Mode                      Embedded (default: the service issues tokens) or External.
          Identity:IssuerBaseUrl             Embedded: the public base address named in tokens
                                             (default: the address each request came to).
          Identity:Applications:N:TenantId, :ClientId, :ClientSecret, :PublicClient,
          Identity:Applications:N:ApplicationPermissions:K, :DelegatedPermissions:K
                                             Applications that may get tokens. With none, the first
                                             start creates a demo tenant and prints its credentials.
          Identity:Authority                 External: the OpenID Connect authority.
          Identity:Audience                  External: the audience tokens must carry.
          Identity:ValidIssuers:K            External: further accepted issuers.

        Endpoints: /v1.0/... (Graph), /{tenant}/oauth2/v2.0/token, /{tenant}/v2.0/.well-known/
        openid-configuration, /{tenant}/discovery/v2.0/keys, /healthz.
        Documentation: README.md and docs/ in the source repository.
        """;
}
