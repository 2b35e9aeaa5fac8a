using System.Text.Json.Serialization;

namespace ProfilePhotos.Principals.Users;

/// <summary>A user as Graph shows it by default (its default property set).</summary>
public sealed record UserResource(
    [property: JsonPropertyName("@odata.context"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Context,
    [property: JsonPropertyName("@odata.type"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Type,
    string Id,
    IReadOnlyList<string> BusinessPhones,
    string DisplayName,
    string? GivenName,
    string? JobTitle,
    string? Mail,
    string? MobilePhone,
    string? OfficeLocation,
    string? PreferredLanguage,
    string? Surname,
    string UserPrincipalName)
{
    public static UserResource From(UserRecord user, string? context = null) => new(
        context, null, user.Id.ToString("D"), [], user.DisplayName, user.GivenName, user.JobTitle, user.Mail,
        null, null, null, user.Surname, user.UserPrincipalName);

    /// <summary>A user in a collection of directory objects (owners, members): the type tells the SDK what it is.</summary>
    public static UserResource AsDirectoryObject(UserRecord user) => From(user) with { Type = "#microsoft.graph.user" };
}

/// <summary>The body of <c>POST /users</c>; members the SDK adds (<c>@odata.type</c>) are ignored.</summary>
public sealed class CreateUserBody
{
    public bool? AccountEnabled { get; set; }

    public string? DisplayName { get; set; }

    public string? MailNickname { get; set; }

    public string? UserPrincipalName { get; set; }

    public PasswordProfileBody? PasswordProfile { get; set; }

    public string? GivenName { get; set; }

    public string? Surname { get; set; }

    public string? JobTitle { get; set; }

    public string? Mail { get; set; }
}

public sealed class PasswordProfileBody
{
    public string? Password { get; set; }

    public bool? ForceChangePasswordNextSignIn { get; set; }
}
