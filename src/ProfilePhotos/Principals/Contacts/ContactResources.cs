using System.Text.Json.Serialization;

namespace ProfilePhotos.Principals.Contacts;

public sealed record ContactResource(
    [property: JsonPropertyName("@odata.context"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Context,
    string Id,
    DateTimeOffset CreatedDateTime,
    DateTimeOffset LastModifiedDateTime,
    string? ParentFolderId,
    string? DisplayName,
    string? GivenName,
    string? Surname,
    IReadOnlyList<EmailAddress> EmailAddresses)
{
    public static ContactResource From(ContactRecord contact, string? context = null) => new(
        context, contact.Id.ToString("D"), contact.CreatedDateTime, contact.LastModifiedDateTime, contact.FolderId?.ToString("D"),
        contact.DisplayName, contact.GivenName, contact.Surname, contact.EmailAddresses);
}

public sealed record ContactFolderResource(
    [property: JsonPropertyName("@odata.context"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Context,
    string Id,
    string DisplayName,
    string? ParentFolderId)
{
    public static ContactFolderResource From(ContactFolderRecord folder, string? context = null) =>
        new(context, folder.Id.ToString("D"), folder.DisplayName, folder.ParentFolderId?.ToString("D"));
}

public sealed class CreateContactBody
{
    public string? DisplayName { get; set; }

    public string? GivenName { get; set; }

    public string? Surname { get; set; }

    public List<EmailAddress>? EmailAddresses { get; set; }
}

public sealed class CreateContactFolderBody
{
    public string? DisplayName { get; set; }
}
