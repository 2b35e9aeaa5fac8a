using System.Reflection;
using ProfilePhotos.Identity;

namespace ProfilePhotos.Principals;

/// <summary>
/// The directory objects a <c>/v1.0</c> path names, parsed once per request from its route values:
/// the mailbox user (<c>/me</c> or <c>/users/{user}</c>), a group (<c>/groups/{group}</c>), a
/// contact folder and child folder, a contact. Endpoints, the permission check and the photo
/// owner all read this one value; nothing else reads these route values.
/// </summary>
public sealed record ObjectPath(UserAddress? Mailbox, string? Group, string? Folder, string? ChildFolder, string? Contact)
{
    public static ValueTask<ObjectPath?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult<ObjectPath?>(Of(context));

    public static ObjectPath Of(HttpContext context)
    {
        if (context.Features.Get<ObjectPath>() is { } parsed)
        {
            return parsed;
        }

        var values = context.Request.RouteValues;
        var mailbox = context.GetEndpoint()?.Metadata.GetMetadata<SignedInUserRoute>() is not null ? UserAddress.Me
            : values["user"] is string user ? new UserAddress(user)
            : null;
        parsed = new ObjectPath(mailbox, values["group"] as string, values["folder"] as string, values["child"] as string, values["contact"] as string);
        context.Features.Set(parsed);
        return parsed;
    }
}

/// <summary>The user a path names: <c>/me</c> (the signed-in user) or <c>/users/{id or userPrincipalName}</c>.</summary>
public sealed record UserAddress(string? IdOrPrincipalName)
{
    public static readonly UserAddress Me = new((string?)null);

    public bool IsMe => IdOrPrincipalName is null;

    /// <summary>Minimal API binding: the mailbox of the request's <see cref="ObjectPath"/>.</summary>
    public static ValueTask<UserAddress?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult(ObjectPath.Of(context).Mailbox);

    /// <summary>True when this address is the caller itself: <c>/me</c>, or their id or userPrincipalName.</summary>
    public bool Names(Caller caller) => IsMe || caller.IsUser(IdOrPrincipalName!);
}
