namespace ProfilePhotos.Identity;

/// <summary>
/// The scopes a user grant asks for, read as the identity platform reads them: Graph permissions
/// with or without the resource prefix, <c>.default</c> for every permission the application may
/// have, and the OpenID Connect scopes (<c>openid</c>, <c>profile</c>, <c>email</c>,
/// <c>offline_access</c>), which ask for an id_token and a refresh token rather than for access.
/// </summary>
public sealed record ScopeRequest(IReadOnlyList<string> Graph, IReadOnlySet<string> OpenId)
{
    public const string GraphResource = "https://graph.microsoft.com/";
    public const string OfflineAccess = "offline_access";
    private static readonly string[] OpenIdScopes = ["openid", "profile", "email", OfflineAccess];

    public bool WantsIdToken => OpenId.Contains("openid");

    public bool WantsRefreshToken => OpenId.Contains(OfflineAccess);

    /// <summary>Every scope, as a grant keeps it.</summary>
    public IReadOnlyList<string> All => [.. OpenId.Order(StringComparer.Ordinal), .. Graph];

    /// <summary>The <c>scp</c> of the access token: the permissions, and the OpenID scopes other than offline_access, as the identity platform writes them.</summary>
    public string AccessTokenScopes => string.Join(' ', Graph.Concat(OpenId.Where(s => s != OfflineAccess).Order(StringComparer.Ordinal)));

    /// <summary>The <c>scope</c> of the token answer.</summary>
    public string Granted => string.Join(' ', OpenId.Where(s => s != OfflineAccess).Order(StringComparer.Ordinal).Concat(Graph.Select(s => GraphResource + s)));

    /// <exception cref="OAuthError">A scope that does not exist, or that the application may not have.</exception>
    public static ScopeRequest Parse(string requested, RegisteredApplication application)
    {
        var graph = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        var openId = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in requested.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = item.StartsWith(GraphResource, StringComparison.OrdinalIgnoreCase) ? item[GraphResource.Length..] : item;
            if (OpenIdScopes.FirstOrDefault(s => s.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } oidc)
            {
                openId.Add(oidc);
            }
            else if (name == ".default")
            {
                graph.UnionWith(application.DelegatedPermissions);
            }
            else if (!Permissions.Delegated.TryGetValue(name, out var canonical))
            {
                throw OAuthError.InvalidScope($"The provided value for the input parameter 'scope' is not valid. The scope '{ProfilePhotos.Graph.ClientText.Echo(name)}' does not exist.");
            }
            else if (!application.DelegatedPermissions.Contains(canonical))
            {
                throw OAuthError.InvalidGrant(65001, $"The user or administrator has not consented to use the application with ID '{application.ClientId}' for the scope '{canonical}'.");
            }
            else
            {
                graph.Add(canonical);
            }
        }

        if (graph.Count == 0 && openId.Count == 0)
        {
            throw OAuthError.InvalidScope("The provided value for the input parameter 'scope' is not valid: it names no Microsoft Graph permission and no OpenID Connect scope.");
        }

        return new ScopeRequest([.. graph], openId);
    }

    /// <summary>What a later request may ask of a grant: the same scopes or fewer (none named: all of them).</summary>
    /// <exception cref="OAuthError">It asks for a scope the grant does not hold.</exception>
    public ScopeRequest Narrow(string? requested, RegisteredApplication application)
    {
        if (string.IsNullOrWhiteSpace(requested))
        {
            return this;
        }

        var asked = Parse(requested, application);
        var beyond = asked.Graph.Except(Graph, StringComparer.OrdinalIgnoreCase).Concat(asked.OpenId.Where(s => s != OfflineAccess).Except(OpenId)).ToList();
        return beyond.Count == 0
            ? asked with { OpenId = asked.OpenId.Where(OpenId.Contains).ToHashSet(StringComparer.Ordinal) }
            : throw OAuthError.InvalidGrant(65001, $"The grant does not include the scope '{beyond[0]}'; sign in again to ask for it.");
    }

    /// <summary>A grant's kept scopes read back.</summary>
    public static ScopeRequest FromGrant(IEnumerable<string> scopes)
    {
        var all = scopes.ToList();
        return new ScopeRequest(
            [.. all.Where(s => !OpenIdScopes.Contains(s)).Order(StringComparer.OrdinalIgnoreCase)],
            all.Where(OpenIdScopes.Contains).ToHashSet(StringComparer.Ordinal));
    }
}
