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

/// <summary>One page of a listing; <see cref="After"/> is the key to continue from, if any.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, Guid? After);
