namespace ProfilePhotos.Identity;

/// <summary>A browser's sign-in: the cookie names it, the store says whether it still stands (any node, until it ends).</summary>
public sealed record SignInSession(Guid Id, Guid TenantId, Guid UserId, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

/// <summary>
/// What a sign-in granted an application, kept until it is redeemed: an authorization code, a
/// refresh token or a device code. Only the SHA-256 of the secret part is kept. Redeeming the
/// grant issues tokens of one <see cref="FamilyId"/>; a grant presented twice revokes the family.
/// </summary>
public sealed record Grant(
    string Hash,
    Guid FamilyId,
    Guid TenantId,
    string ClientId,
    Guid UserId,
    IReadOnlyList<string> Scopes,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt)
{
    /// <summary>Codes: where the code was sent; the token request must name the same address.</summary>
    public string? RedirectUri { get; init; }

    /// <summary>Codes: the sign-in request's nonce, echoed in the id_token.</summary>
    public string? Nonce { get; init; }

    /// <summary>Codes: the PKCE challenge (S256) the verifier must answer.</summary>
    public string? CodeChallenge { get; init; }
}

public enum Redemption
{
    /// <summary>First use, in time: the grant is the caller's to exchange.</summary>
    Granted,

    /// <summary>No such grant.</summary>
    Unknown,

    Expired,

    /// <summary>Used before (or revoked): its family is revoked now.</summary>
    Replayed,
}

/// <summary>A device code: a pending sign-in that a user completes on another device.</summary>
public sealed record DeviceGrant(Grant Grant, string UserCode, DeviceGrantState State, DateTimeOffset? LastPolledAt);

public enum DeviceGrantState
{
    Pending,
    Approved,
    Declined,
    Redeemed,
}

/// <summary>
/// Sessions, codes, refresh tokens and device codes, in the shared store so that any node can
/// redeem what another issued. Every "only once" is decided by the database, not by a process.
/// </summary>
public interface IGrantStore
{
    Task AddSessionAsync(SignInSession session, CancellationToken cancellationToken);

    /// <summary>The session, while it stands (not ended, not expired).</summary>
    Task<SignInSession?> FindSessionAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken);

    Task EndSessionAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken);

    Task AddCodeAsync(Grant code, CancellationToken cancellationToken);

    /// <summary>
    /// Redeems a code once, storing the refresh token <paramref name="refreshToken"/> makes of it (if
    /// any) in the same transaction; a second presentation revokes every token of its family.
    /// </summary>
    Task<(Redemption Outcome, Grant? Code)> RedeemCodeAsync(string hash, DateTimeOffset now, Func<Grant, Grant?> refreshToken, CancellationToken cancellationToken);

    Task AddRefreshTokenAsync(Grant token, CancellationToken cancellationToken);

    /// <summary>Uses a refresh token once, storing its successor in the same transaction (rotation); using it again revokes its whole family.</summary>
    Task<(Redemption Outcome, Grant? Token)> UseRefreshTokenAsync(string hash, DateTimeOffset now, Func<Grant, Grant> next, CancellationToken cancellationToken);

    Task AddDeviceCodeAsync(Grant code, string userCode, CancellationToken cancellationToken);

    /// <summary>A device code by the code the user types, while it waits for them.</summary>
    Task<DeviceGrant?> FindPendingDeviceCodeAsync(string userCode, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The user's answer on the other device: approved for <paramref name="userId"/>, or declined (null).</summary>
    Task<bool> DecideDeviceCodeAsync(string userCode, Guid? userId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// The device's poll: the code as it stood (with its previous poll time), its poll time moved
    /// to now; an approved code is redeemed by this call, once, with the refresh token made of it.
    /// </summary>
    Task<DeviceGrant?> PollDeviceCodeAsync(string hash, DateTimeOffset now, Func<Grant, Grant?> refreshToken, CancellationToken cancellationToken);
}
