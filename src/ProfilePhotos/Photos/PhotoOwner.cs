using System.Reflection;
using ProfilePhotos.Principals;

namespace ProfilePhotos.Photos;

/// <summary>
/// The owner a photo path names: its kind, declared when the endpoint is mapped, and the objects
/// of the path, parsed once (<see cref="ObjectPath"/>). Every photo operation works on this value;
/// a new owner kind touches the route prefixes here and <see cref="PhotoOwnerResolver"/>, not the endpoints.
/// </summary>
public sealed record PhotoOwner(PhotoOwnerKind Kind, ObjectPath Path)
{
    /// <summary>The route prefixes of every owner, relative to <c>/me</c> or <c>/users/{user}</c> (mailbox owners).</summary>
    public static readonly IReadOnlyList<(string Prefix, PhotoOwnerKind Kind)> MailboxPrefixes =
    [
        ("", PhotoOwnerKind.User),
        ("/contacts/{contact}", PhotoOwnerKind.Contact),
        ("/contactFolders/{folder}/contacts/{contact}", PhotoOwnerKind.Contact),
        ("/contactFolders/{folder}/childFolders/{child}/contacts/{contact}", PhotoOwnerKind.Contact),
    ];

    public const string GroupPrefix = "/groups/{group}";

    public static ValueTask<PhotoOwner?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var route = context.GetEndpoint()?.Metadata.GetMetadata<PhotoOwnerRoute>()
            ?? throw new InvalidOperationException("A photo endpoint was mapped without its owner kind.");
        return ValueTask.FromResult<PhotoOwner?>(new PhotoOwner(route.Kind, ObjectPath.Of(context)));
    }
}

/// <summary>Endpoint metadata: the kind of owner the photo endpoint's path names.</summary>
public sealed record PhotoOwnerRoute(PhotoOwnerKind Kind);
