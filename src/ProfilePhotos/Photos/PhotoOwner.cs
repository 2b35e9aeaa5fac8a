using System.Reflection;

namespace ProfilePhotos.Photos;

/// <summary>
/// The owner a photo path names, parsed once from the route: a user (<c>/me</c>,
/// <c>/users/{user}</c>), a group (<c>/groups/{group}</c>), or a contact in a mailbox, a folder
/// or a child folder. Every photo operation works on this value; a new owner kind touches this
/// parser and <see cref="PhotoOwnerResolver"/>, not the endpoints.
/// </summary>
public sealed record PhotoOwner(PhotoOwnerKind Kind, string? Group, string? Contact)
{
    public static ValueTask<PhotoOwner?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var contact = context.GetRouteValue("contact") as string;
        var group = context.GetRouteValue("group") as string;
        var kind = contact is not null ? PhotoOwnerKind.Contact : group is not null ? PhotoOwnerKind.Group : PhotoOwnerKind.User;
        return ValueTask.FromResult<PhotoOwner?>(new PhotoOwner(kind, group, contact));
    }

    /// <summary>The route prefixes of every owner, relative to <c>/me</c> or <c>/users/{user}</c> (mailbox owners).</summary>
    public static readonly IReadOnlyList<string> MailboxPrefixes =
    [
        "",
        "/contacts/{contact}",
        "/contactFolders/{folder}/contacts/{contact}",
        "/contactFolders/{folder}/childFolders/{child}/contacts/{contact}",
    ];

    public const string GroupPrefix = "/groups/{group}";
}
