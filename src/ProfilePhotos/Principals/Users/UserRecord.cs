namespace ProfilePhotos.Principals.Users;

/// <summary>A user of a tenant, as the directory stores it (the password hash is kept apart).</summary>
public sealed record UserRecord(
    Guid Id,
    Guid TenantId,
    string UserPrincipalName,
    string DisplayName,
    string? MailNickname,
    string? GivenName,
    string? Surname,
    string? JobTitle,
    string? Mail,
    bool AccountEnabled,
    DateTimeOffset CreatedDateTime);

/// <summary>The directory's rule for userPrincipalNames: they compare without regard to case, in any script.</summary>
public static class PrincipalName
{
    /// <summary>The form under which a name is stored and looked up: equal keys, the same user.</summary>
    public static string Key(string userPrincipalName) => userPrincipalName.ToUpperInvariant();
}

/// <summary>One page of a listing; <see cref="After"/> is the key to continue from, if any.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, Guid? After)
{
    /// <summary>From up to <paramref name="top"/> + 1 rows in id order: the extra row says there is a next page.</summary>
    public static Page<T> FromRows(List<T> rows, int top, Func<T, Guid> id) =>
        rows.Count > top ? new Page<T>(rows[..top], id(rows[top - 1])) : new Page<T>(rows, null);
}

/// <summary>Keyset paging in SQL: the first page reads from the start, the next ones after a key.</summary>
public static class Page
{
    /// <summary>The condition a listing adds for <c>@after</c>, chosen here rather than by each database's NULL handling.</summary>
    public static string AfterClause(Guid? after) => after is null ? "" : " AND id > @after";
}
