namespace ProfilePhotos.Principals.Contacts;

/// <summary>A folder in a user's mailbox; <see cref="ParentFolderId"/> is null at the top level.</summary>
public sealed record ContactFolderRecord(Guid Id, Guid TenantId, Guid MailboxId, Guid? ParentFolderId, string DisplayName);

public sealed record EmailAddress(string? Name, string? Address);

/// <summary>A contact in a user's mailbox; <see cref="FolderId"/> is null in the default Contacts folder.</summary>
public sealed record ContactRecord(
    Guid Id,
    Guid TenantId,
    Guid MailboxId,
    Guid? FolderId,
    string? DisplayName,
    string? GivenName,
    string? Surname,
    IReadOnlyList<EmailAddress> EmailAddresses,
    DateTimeOffset CreatedDateTime,
    DateTimeOffset LastModifiedDateTime);
