namespace ProfilePhotos.Hosting;

/// <summary>What <c>--help</c> prints: every option a user can set, with its default.</summary>
public static class CommandLine
{
    public static bool WantsHelp(IEnumerable<string> args) =>
        args.Any(a => a is "--help" or "-h" or "-?" or "/?");

    public const string Help = """
        ProfilePhotos: a Microsoft Graph v1.0-compatible profile photo service.

        Usage: ProfilePhotos [--urls <addresses>] [--Section:Key=value ...]
               ProfilePhotos migrate --source <data directory> [--Section:Key=value ...]
                 copies an embedded store into the configured PostgreSQL (and Azure Blob
                 Storage) store and verifies the copy; exit code 0 when it holds.

        Every setting can be given on the command line (--Storage:DataDirectory=/srv/photos),
        as an environment variable (Storage__DataDirectory=/srv/photos) or in appsettings.json.

          --urls, ASPNETCORE_URLS            Addresses to listen on (default http://localhost:5000).
          --https, Https:Enabled             Serve HTTPS too (https://localhost:5001 by default), with
                                             Https:CertificatePath or a self-signed localhost
                                             certificate created in <data>/https.
          Cors:AllowedOrigins:N              Browser origins allowed to call the service (none).
          Storage:DataDirectory              Where the embedded store keeps its database, keys and
                                             files (default ./data).
          Storage:Metadata                   Sqlite (default) or Postgres (ConnectionStrings:Postgres).
          Storage:Blobs                      Files (default) or AzureBlob (ConnectionStrings:AzureBlob).
          Storage:BlobContainer              Azure Blob Storage container (profilephotos).
          Storage:SweepInterval              How often unreferenced photo blobs are removed (00:10:00).
          Storage:SweepGracePeriod           How old such a blob must be first (00:05:00).
          Storage:CachedRecords              Embedded store: records kept in memory between writes
                                             (100000, about 80 MB; 0 turns it off).
          Photos:MaxUploadBytes              Largest photo upload (4194304); larger answers 413.
          Photos:MaxDiscardBytes             Over-limit bytes read and discarded so the client gets
                                             its 413 (67108864); past that the connection closes.
          Photos:CachedRenditionMegabytes    Memory for the most read photo sizes (64; 0 turns it off).
          Imaging:MaxPixels                  Uploads declaring more pixels are refused (50000000).
          Imaging:JpegQuality                JPEG quality of stored sizes (90).
          Imaging:MaxConcurrency             Uploads decoded at once (number of cores).
          Identity:Mode                      Embedded (default: the service issues tokens) or External.
          Identity:IssuerBaseUrl             Embedded: the public base address named in tokens
                                             (default: the address each request came to).
          Identity:SigningKeys:N:Pem, :Path  Embedded: RSA keys; the first signs, all validate.
          Identity:FailedSignInsPerMinute    Failed token requests per client or user a minute
                                             before 429 (10).
          Identity:Applications:N:TenantId, :ClientId, :ClientSecret, :PublicClient,
          Identity:Applications:N:ApplicationPermissions:K, :DelegatedPermissions:K
                                             Applications that may get tokens. With none, the first
                                             start creates a demo tenant and prints its credentials.
          Identity:Authority                 External: the OpenID Connect authority.
          Identity:Audience                  External: the audience tokens must carry.
          Identity:ValidIssuers:K            External: further accepted issuers.

        Endpoints: /v1.0/... (Graph: users, groups, contacts and their photos), /{tenant}/oauth2/v2.0/token, /{tenant}/v2.0/.well-known/
        openid-configuration, /{tenant}/discovery/v2.0/keys, /v1.0/$batch, /healthz,
        /openapi/v1.json.
        Documentation: README.md and docs/ in the source repository.
        """;
}
