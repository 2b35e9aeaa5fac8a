using ProfilePhotos.Principals.Users;

namespace ProfilePhotos.Identity;

/// <summary>
/// The grants that give a user's tokens: password, authorization code (with PKCE), refresh token
/// (rotating), device code. Each ends in the same answer: an access token for Graph, an id_token
/// when <c>openid</c> was asked, a refresh token when <c>offline_access</c> was, and MSAL's
/// <c>client_info</c> when it asked for it.
/// </summary>
public sealed class UserGrants(IUserStore users, IGrantStore grants, TokenIssuer issuer, TimeProvider time)
{
    public static readonly TimeSpan RefreshLifetime = TimeSpan.FromDays(90);
    private static readonly OAuthError Expired = OAuthError.InvalidGrant(70008, "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.");

    public async Task<TokenAnswer> PasswordAsync(IFormCollection form, RegisteredApplication application, string issuerName, CancellationToken cancellationToken)
    {
        var scopes = ScopeRequest.Parse(OAuthRequest.Required(form, "scope"), application);
        var userName = OAuthRequest.Required(form, "username");
        var password = OAuthRequest.Required(form, "password");
        var user = await CheckCredentialsAsync(application.TenantId, userName, password, cancellationToken)
            ?? throw OAuthError.InvalidCredentials(application.TenantId, userName);
        var refresh = scopes.WantsRefreshToken ? GrantSecret.New() : null;
        if (refresh is not null)
        {
            await grants.AddRefreshTokenAsync(RefreshGrant(refresh, Guid.NewGuid(), application, user.Id, scopes.All), cancellationToken);
        }

        return Answer(form, application, issuerName, user, scopes, null, refresh);
    }

    public async Task<TokenAnswer> AuthorizationCodeAsync(IFormCollection form, RegisteredApplication application, string issuerName, CancellationToken cancellationToken)
    {
        var refresh = GrantSecret.New();
        var (outcome, code) = await grants.RedeemCodeAsync(GrantSecret.Hash(OAuthRequest.Required(form, "code")), time.GetUtcNow(),
            c => c.ClientId.Equals(application.ClientId, StringComparison.OrdinalIgnoreCase) && ScopeRequest.FromGrant(c.Scopes).WantsRefreshToken
                ? RefreshGrant(refresh, c.FamilyId, application, c.UserId, c.Scopes)
                : null,
            cancellationToken);
        var granted = outcome switch
        {
            Redemption.Granted => code!,
            Redemption.Replayed => throw OAuthError.InvalidGrant(54005, "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token."),
            _ => throw Expired,
        };
        if (!granted.ClientId.Equals(application.ClientId, StringComparison.OrdinalIgnoreCase))
        {
            throw OAuthError.InvalidGrant(70000, "Provided grant is invalid or malformed: the code was issued to another application.");
        }

        if (!string.Equals(form["redirect_uri"].FirstOrDefault(), granted.RedirectUri, StringComparison.Ordinal))
        {
            throw OAuthError.InvalidGrant(500112, "The reply address does not match the reply address provided when requesting the authorization code.");
        }

        if (granted.CodeChallenge is { } challenge)
        {
            var verifier = form["code_verifier"].FirstOrDefault() ?? throw OAuthError.MissingParameter("code_verifier");
            if (!GrantSecret.ProvesChallenge(verifier, challenge))
            {
                throw OAuthError.InvalidGrant(50148, "The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.");
            }
        }

        var scopes = ScopeRequest.FromGrant(granted.Scopes);
        return Answer(form, application, issuerName, await ActiveUserAsync(granted, cancellationToken), scopes, granted.Nonce, scopes.WantsRefreshToken ? refresh : null);
    }

    public async Task<TokenAnswer> RefreshAsync(IFormCollection form, RegisteredApplication application, string issuerName, CancellationToken cancellationToken)
    {
        var next = GrantSecret.New();
        var now = time.GetUtcNow();
        ScopeRequest? scopes = null;
        // Checked inside the redemption's transaction: a refused request leaves the token unused.
        var (outcome, token) = await grants.UseRefreshTokenAsync(GrantSecret.Hash(OAuthRequest.Required(form, "refresh_token")), now,
            t =>
            {
                scopes = ScopeRequest.FromGrant(t.Scopes).Narrow(form["scope"].FirstOrDefault(), application);
                return RefreshGrant(next, t.FamilyId, application, t.UserId, t.Scopes) with { ClientId = t.ClientId };
            },
            cancellationToken);
        var granted = outcome switch
        {
            Redemption.Granted => token!,
            Redemption.Replayed => throw OAuthError.InvalidGrant(70000, "The refresh token was already used: it and every token issued with it are revoked. Sign in again."),
            Redemption.Expired => throw OAuthError.InvalidGrant(700082, "The refresh token has expired due to inactivity. Sign in again."),
            _ => throw OAuthError.InvalidGrant(9002313, "Invalid request. Request is malformed or invalid: the refresh token is not one this service issued."),
        };
        if (!granted.ClientId.Equals(application.ClientId, StringComparison.OrdinalIgnoreCase))
        {
            throw OAuthError.InvalidGrant(70000, "Provided grant is invalid or malformed: the refresh token was issued to another application.");
        }

        return Answer(form, application, issuerName, await ActiveUserAsync(granted, cancellationToken), scopes!, null, next);
    }

    public async Task<TokenAnswer> DeviceCodeAsync(IFormCollection form, RegisteredApplication application, string issuerName, CancellationToken cancellationToken)
    {
        var refresh = GrantSecret.New();
        var now = time.GetUtcNow();
        var polled = await grants.PollDeviceCodeAsync(GrantSecret.Hash(OAuthRequest.Required(form, "device_code")), now,
            g => ScopeRequest.FromGrant(g.Scopes).WantsRefreshToken ? RefreshGrant(refresh, g.FamilyId, application, g.UserId, g.Scopes) : null, cancellationToken);
        if (polled is null || !polled.Grant.ClientId.Equals(application.ClientId, StringComparison.OrdinalIgnoreCase))
        {
            throw OAuthError.InvalidGrant(70000, "Provided grant is invalid or malformed: the device code is not one this service issued to this application.");
        }

        if (polled.Grant.ExpiresAt <= now)
        {
            throw new OAuthError(400, "expired_token", 70020, "The provided value for the input parameter 'device_code' is not valid. This device code has expired.");
        }

        switch (polled.State)
        {
            case DeviceGrantState.Pending when polled.LastPolledAt is { } last && now - last < SignIn.DeviceCodes.Interval:
                throw new OAuthError(400, "slow_down", 70016, "OAuth 2.0 device flow error: polled faster than the interval. Wait longer between polls.");
            case DeviceGrantState.Pending:
                throw new OAuthError(400, "authorization_pending", 70016, "OAuth 2.0 device flow error. Authorization is pending. Continue polling.");
            case DeviceGrantState.Declined:
                throw new OAuthError(400, "authorization_declined", 70000, "The user declined the sign-in on the other device.");
            case DeviceGrantState.Redeemed:
                throw OAuthError.InvalidGrant(54005, "The device code was already redeemed.");
        }

        var scopes = ScopeRequest.FromGrant(polled.Grant.Scopes);
        return Answer(form, application, issuerName, await ActiveUserAsync(polled.Grant, cancellationToken), scopes, null, scopes.WantsRefreshToken ? refresh : null);
    }

    /// <summary>The user whose password this is, enabled; null (the same answer whatever was wrong) otherwise.</summary>
    public async Task<UserRecord?> CheckCredentialsAsync(Guid tenantId, string userName, string password, CancellationToken cancellationToken)
    {
        var user = await users.FindByPrincipalNameAsync(tenantId, userName, cancellationToken);
        if (user is null || !PasswordHashing.Verify(user, await users.GetPasswordHashAsync(user.TenantId, user.Id, cancellationToken), password))
        {
            return null;
        }

        return user.AccountEnabled ? user : throw OAuthError.InvalidGrant(50057, "The user account is disabled.");
    }

    private Grant RefreshGrant(string secret, Guid family, RegisteredApplication application, Guid userId, IReadOnlyList<string> scopes)
    {
        var now = time.GetUtcNow();
        return new Grant(GrantSecret.Hash(secret), family, application.TenantId, application.ClientId, userId, scopes, now, now + RefreshLifetime);
    }

    /// <summary>A grant's user, still there and still enabled: a deleted or disabled user gets no more tokens.</summary>
    private async Task<UserRecord> ActiveUserAsync(Grant grant, CancellationToken cancellationToken)
    {
        var user = await users.GetAsync(grant.TenantId, grant.UserId, cancellationToken);
        return user switch
        {
            null => throw OAuthError.InvalidGrant(50034, "The user account does not exist in the directory any more."),
            { AccountEnabled: false } => throw OAuthError.InvalidGrant(50057, "The user account is disabled."),
            _ => user,
        };
    }

    private TokenAnswer Answer(IFormCollection form, RegisteredApplication application, string issuerName, UserRecord user, ScopeRequest scopes, string? nonce, string? refresh)
    {
        var lifetime = (int)TokenIssuer.Lifetime.TotalSeconds - 1;
        return new TokenAnswer("Bearer", scopes.Granted, lifetime, lifetime, issuer.IssueForUser(issuerName, application, user, scopes.AccessTokenScopes))
        {
            RefreshToken = refresh,
            IdToken = scopes.WantsIdToken ? issuer.IssueIdToken(issuerName, application, user, nonce) : null,
            ClientInfo = form["client_info"].FirstOrDefault() == "1" ? TokenIssuer.ClientInfo(user) : null,
        };
    }
}
