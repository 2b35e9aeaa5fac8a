using System.Text.Json.Serialization;

namespace ProfilePhotos.Principals.Groups;

/// <summary>A group as Graph shows it by default.</summary>
public sealed record GroupResource(
    [property: JsonPropertyName("@odata.context"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Context,
    string Id,
    DateTimeOffset? DeletedDateTime,
    string? Classification,
    DateTimeOffset CreatedDateTime,
    string? Description,
    string DisplayName,
    IReadOnlyList<string> GroupTypes,
    string? Mail,
    bool MailEnabled,
    string MailNickname,
    bool SecurityEnabled,
    string? Visibility)
{
    public static GroupResource From(GroupRecord group, string? context = null) => new(
        context, group.Id.ToString("D"), null, null, group.CreatedDateTime, group.Description, group.DisplayName,
        group.GroupTypes, null, group.MailEnabled, group.MailNickname, group.SecurityEnabled, null);
}

/// <summary>The body of <c>POST /groups</c>, with the <c>@odata.bind</c> lists the SDK samples use.</summary>
public sealed class CreateGroupBody
{
    public string? DisplayName { get; set; }

    public string? Description { get; set; }

    public string? MailNickname { get; set; }

    public bool? MailEnabled { get; set; }

    public bool? SecurityEnabled { get; set; }

    public List<string>? GroupTypes { get; set; }

    [JsonPropertyName("owners@odata.bind")]
    public List<string>? OwnersBind { get; set; }

    [JsonPropertyName("members@odata.bind")]
    public List<string>? MembersBind { get; set; }
}

/// <summary>The body of a <c>$ref</c> POST.</summary>
public sealed class ReferenceBody
{
    [JsonPropertyName("@odata.id")]
    public string? ODataId { get; set; }
}
