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
