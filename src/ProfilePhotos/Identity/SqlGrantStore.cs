using ProfilePhotos.Storage.Sql;

namespace ProfilePhotos.Identity;

public sealed class SqlGrantStore(SqlDatabase database) : IGrantStore
{
    private const string Columns =
        "hash, kind, family_id, tenant_id, client_id, user_id, scopes, redirect_uri, nonce, code_challenge, user_code, state, last_polled_at, created_at, expires_at, used_at, revoked_at";

    private const string Code = "code";
    private const string Refresh = "refresh";
    private const string Device = "device";

    public async Task AddSessionAsync(SignInSession session, CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        await sql.ExecuteAsync(
            "INSERT INTO sign_in_sessions (id, tenant_id, user_id, created_at, expires_at) VALUES (@id, @tenant, @user, @created, @expires)", cancellationToken,
            ("id", session.Id), ("tenant", session.TenantId), ("user", session.UserId), ("created", session.CreatedAt), ("expires", session.ExpiresAt));
    }

    public async Task<SignInSession?> FindSessionAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        return await sql.FirstAsync(
            "SELECT id, tenant_id, user_id, created_at, expires_at FROM sign_in_sessions WHERE id = @id AND ended_at IS NULL AND expires_at > @now",
            r => new SignInSession(r.Guid("id"), r.Guid("tenant_id"), r.Guid("user_id"), r.Time("created_at"), r.Time("expires_at")),
            cancellationToken, ("id", id), ("now", now));
    }

    public async Task EndSessionAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        await sql.ExecuteAsync("UPDATE sign_in_sessions SET ended_at = @now WHERE id = @id AND ended_at IS NULL", cancellationToken, ("id", id), ("now", now));
    }

    public Task AddCodeAsync(Grant code, CancellationToken cancellationToken) => InsertAsync(code, Code, null, cancellationToken);

    public Task AddRefreshTokenAsync(Grant token, CancellationToken cancellationToken) => InsertAsync(token, Refresh, null, cancellationToken);

    public Task AddDeviceCodeAsync(Grant code, string userCode, CancellationToken cancellationToken) => InsertAsync(code, Device, userCode, cancellationToken);

    public Task<(Redemption Outcome, Grant? Code)> RedeemCodeAsync(string hash, DateTimeOffset now, Func<Grant, Grant?> refreshToken, CancellationToken cancellationToken) =>
        RedeemAsync(Code, hash, now, refreshToken, cancellationToken);

    public Task<(Redemption Outcome, Grant? Token)> UseRefreshTokenAsync(string hash, DateTimeOffset now, Func<Grant, Grant> next, CancellationToken cancellationToken) =>
        RedeemAsync(Refresh, hash, now, next, cancellationToken);

    public async Task<DeviceGrant?> FindPendingDeviceCodeAsync(string userCode, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        return await sql.FirstAsync(
            $"SELECT {Columns} FROM grants WHERE kind = @kind AND user_code = @code AND state = @state AND expires_at > @now", MapDevice, cancellationToken,
            ("kind", Device), ("code", userCode), ("state", nameof(DeviceGrantState.Pending)), ("now", now));
    }

    public async Task<bool> DecideDeviceCodeAsync(string userCode, Guid? userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        return await sql.ExecuteAsync(
            "UPDATE grants SET state = @decided, user_id = @user WHERE kind = @kind AND user_code = @code AND state = @pending AND expires_at > @now", cancellationToken,
            ("decided", (userId is null ? DeviceGrantState.Declined : DeviceGrantState.Approved).ToString()), ("user", userId),
            ("kind", Device), ("code", userCode), ("pending", nameof(DeviceGrantState.Pending)), ("now", now)) > 0;
    }

    public async Task<DeviceGrant?> PollDeviceCodeAsync(string hash, DateTimeOffset now, Func<Grant, Grant?> refreshToken, CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        await sql.BeginAsync(cancellationToken);
        var found = await sql.FirstAsync(
            $"SELECT {Columns} FROM grants WHERE hash = @hash AND kind = @kind{database.Dialect.LockRows}", MapDevice, cancellationToken, ("hash", hash), ("kind", Device));
        if (found is null)
        {
            return null;
        }

        await sql.ExecuteAsync("UPDATE grants SET last_polled_at = @now WHERE hash = @hash", cancellationToken, ("hash", hash), ("now", now));
        if (found.State == DeviceGrantState.Approved && found.Grant.ExpiresAt > now)
        {
            await sql.ExecuteAsync("UPDATE grants SET state = @state, used_at = @now WHERE hash = @hash", cancellationToken,
                ("state", nameof(DeviceGrantState.Redeemed)), ("now", now), ("hash", hash));
            if (refreshToken(found.Grant) is { } token)
            {
                await InsertAsync(sql, token, Refresh, null, cancellationToken);
            }
        }

        await sql.CommitAsync(cancellationToken);
        return found;
    }

    /// <summary>
    /// Marks a grant used, once: the row is locked while it is judged, so of two presentations
    /// one wins and the other is a replay. A replay revokes every grant of the family, and the
    /// tokens the first presentation issued are inserted in the same transaction, so none escapes.
    /// </summary>
    private async Task<(Redemption, Grant?)> RedeemAsync(string kind, string hash, DateTimeOffset now, Func<Grant, Grant?> issue, CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        await sql.BeginAsync(cancellationToken);
        var row = (await sql.ListAsync(
            $"SELECT {Columns} FROM grants WHERE hash = @hash AND kind = @kind{database.Dialect.LockRows}",
            r => (Grant: (Grant?)Map(r), Used: !r.IsNull("used_at") || !r.IsNull("revoked_at")), cancellationToken, ("hash", hash), ("kind", kind))).FirstOrDefault();
        Redemption outcome;
        if (row.Grant is null)
        {
            outcome = Redemption.Unknown;
        }
        else if (row.Used)
        {
            await sql.ExecuteAsync("UPDATE grants SET revoked_at = @now WHERE family_id = @family AND revoked_at IS NULL", cancellationToken,
                ("now", now), ("family", row.Grant.FamilyId));
            outcome = Redemption.Replayed;
        }
        else if (row.Grant.ExpiresAt <= now)
        {
            outcome = Redemption.Expired;
        }
        else
        {
            await sql.ExecuteAsync("UPDATE grants SET used_at = @now WHERE hash = @hash", cancellationToken, ("now", now), ("hash", hash));
            if (issue(row.Grant) is { } next)
            {
                await InsertAsync(sql, next, Refresh, null, cancellationToken);
            }

            outcome = Redemption.Granted;
        }

        await sql.CommitAsync(cancellationToken);
        return (outcome, row.Grant);
    }

    private async Task InsertAsync(Grant grant, string kind, string? userCode, CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        await InsertAsync(sql, grant, kind, userCode, cancellationToken);
    }

    private static Task<int> InsertAsync(SqlSession sql, Grant grant, string kind, string? userCode, CancellationToken cancellationToken) =>
        sql.ExecuteAsync(
            """
            INSERT INTO grants (hash, kind, family_id, tenant_id, client_id, user_id, scopes, redirect_uri, nonce, code_challenge, user_code, state, created_at, expires_at)
            VALUES (@hash, @kind, @family, @tenant, @client, @user, @scopes, @redirect, @nonce, @challenge, @userCode, @state, @created, @expires)
            """,
            cancellationToken,
            ("hash", grant.Hash), ("kind", kind), ("family", grant.FamilyId), ("tenant", grant.TenantId), ("client", grant.ClientId),
            ("user", grant.UserId == Guid.Empty ? null : grant.UserId), ("scopes", string.Join(' ', grant.Scopes)), ("redirect", grant.RedirectUri),
            ("nonce", grant.Nonce), ("challenge", grant.CodeChallenge), ("userCode", userCode),
            ("state", userCode is null ? null : nameof(DeviceGrantState.Pending)), ("created", grant.CreatedAt), ("expires", grant.ExpiresAt));

    private static Grant Map(SqlRow r) => new(
        r.Text("hash"), r.Guid("family_id"), r.Guid("tenant_id"), r.Text("client_id"), r.NullableGuid("user_id") ?? Guid.Empty,
        r.Text("scopes").Split(' ', StringSplitOptions.RemoveEmptyEntries), r.Time("created_at"), r.Time("expires_at"))
    {
        RedirectUri = r.NullableText("redirect_uri"),
        Nonce = r.NullableText("nonce"),
        CodeChallenge = r.NullableText("code_challenge"),
    };

    private static DeviceGrant MapDevice(SqlRow r) => new(
        Map(r), r.Text("user_code"), Enum.Parse<DeviceGrantState>(r.Text("state")), r.IsNull("last_polled_at") ? null : r.Time("last_polled_at"));
}
