namespace ProfilePhotos.Principals.Groups;

public sealed record GroupRecord(
    Guid Id,
    Guid TenantId,
    string DisplayName,
    string? Description,
    string MailNickname,
    bool MailEnabled,
    bool SecurityEnabled,
    IReadOnlyList<string> GroupTypes,
    DateTimeOffset CreatedDateTime);

/// <summary>The two relations a group has to users.</summary>
public enum GroupLink
{
    Owners,
    Members,
}
