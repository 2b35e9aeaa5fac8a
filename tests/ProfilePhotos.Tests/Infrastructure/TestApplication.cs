namespace ProfilePhotos.Tests.Infrastructure;

/// <summary>An application the test service is configured with, and the credentials to get its tokens.</summary>
public sealed record TestApplication(Guid TenantId, string ClientId, string? Secret, string[] Roles, bool PublicClient = false, string[]? RedirectUris = null)
{
    public static readonly Guid TenantA = Guid.Parse("11111111-1111-1111-1111-111111111111");
    public static readonly Guid TenantB = Guid.Parse("22222222-2222-2222-2222-222222222222");
    public static readonly Guid ConsumerTenant = Guid.Parse("9188040d-6c67-4c5b-b112-36a304b66dad");

    private static readonly string[] AllRoles =
    [
        "User.ReadWrite.All", "Group.ReadWrite.All", "Contacts.ReadWrite", "ProfilePhoto.ReadWrite.All",
    ];

    /// <summary>Tenant A's administrator: every application permission that writes.</summary>
    public static readonly TestApplication AdminA = new(TenantA, "aaaaaaaa-0000-0000-0000-000000000001", "secret-admin-a", AllRoles);

    /// <summary>Reads users and groups and contacts, writes nothing.</summary>
    public static readonly TestApplication ReaderA = new(TenantA, "aaaaaaaa-0000-0000-0000-000000000002", "secret-reader-a", ["User.Read.All", "Group.Read.All", "Contacts.Read"]);

    /// <summary>Holds no application permission at all.</summary>
    public static readonly TestApplication NoRolesA = new(TenantA, "aaaaaaaa-0000-0000-0000-000000000003", "secret-none-a", []);

    /// <summary>A public client of tenant A: delegated tokens without a secret.</summary>
    public static readonly TestApplication PublicA = new(TenantA, "aaaaaaaa-0000-0000-0000-000000000004", null, [], PublicClient: true);

    /// <summary>A single-page or native app of tenant A: public, PKCE, answered at its redirect addresses (and any loopback port).</summary>
    public static readonly TestApplication SpaA = new(TenantA, "aaaaaaaa-0000-0000-0000-000000000005", null, [], PublicClient: true,
        RedirectUris: ["http://localhost:3000/", "http://localhost", "http://127.0.0.1", "msalaaaaaaaa-0000-0000-0000-000000000005://auth"]);

    /// <summary>A web app of tenant A: confidential, signs users in at its redirect addresses.</summary>
    public static readonly TestApplication WebA = new(TenantA, "aaaaaaaa-0000-0000-0000-000000000006", "secret-web-a", [],
        RedirectUris: ["https://app.example/signin-oidc", "http://localhost", "http://127.0.0.1"]);

    public static readonly TestApplication AdminB = new(TenantB, "bbbbbbbb-0000-0000-0000-000000000001", "secret-admin-b", AllRoles);

    /// <summary>An application in the tenant of personal (Microsoft account) users.</summary>
    public static readonly TestApplication ConsumerAdmin = new(ConsumerTenant, "cccccccc-0000-0000-0000-000000000001", "secret-consumer", AllRoles);

    public static readonly TestApplication[] All = [AdminA, ReaderA, NoRolesA, PublicA, AdminB, ConsumerAdmin, SpaA, WebA];

    /// <summary>The settings that configure these applications, with the documented names.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Settings()
    {
        for (var i = 0; i < All.Length; i++)
        {
            var app = All[i];
            var prefix = $"Identity:Applications:{i}:";
            yield return new(prefix + "TenantId", app.TenantId.ToString());
            yield return new(prefix + "ClientId", app.ClientId);
            if (app.Secret is not null)
            {
                yield return new(prefix + "ClientSecret", app.Secret);
            }

            yield return new(prefix + "PublicClient", app.PublicClient.ToString());
            for (var k = 0; k < app.Roles.Length; k++)
            {
                yield return new(prefix + $"ApplicationPermissions:{k}", app.Roles[k]);
            }

            for (var k = 0; k < (app.RedirectUris ?? []).Length; k++)
            {
                yield return new(prefix + $"RedirectUris:{k}", app.RedirectUris![k]);
            }
        }
    }
}
