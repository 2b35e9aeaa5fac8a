using ProfilePhotos.Graph;

namespace ProfilePhotos.Identity;

/// <summary>
/// Which permissions allow an endpoint, declared as data on the endpoint and evaluated in one
/// place (<see cref="PermissionHandler"/>). A write permission also allows reading, so read sets
/// list the write permissions too.
/// </summary>
/// <param name="Delegated">Scopes that allow the operation on any target in the caller's tenant.</param>
/// <param name="DelegatedSelf">Scopes that allow it only when the target is the signed-in user (own profile, own mailbox).</param>
/// <param name="Application">Roles that allow it for an application token.</param>
/// <param name="DeniedCode">The error code of a refusal: the directory says Authorization_RequestDenied, Outlook ErrorAccessDenied.</param>
/// <param name="ForConsumers">When set, tokens of personal (Microsoft account) users get this answer whatever their scopes.</param>
public sealed record PermissionSet(
    IReadOnlyList<string> Delegated,
    IReadOnlyList<string> DelegatedSelf,
    IReadOnlyList<string> Application,
    string DeniedCode = "Authorization_RequestDenied",
    GraphError? ForConsumers = null)
{
    public bool AllowsAny(IReadOnlySet<string> granted, IReadOnlyList<string> allowing) => allowing.Any(granted.Contains);
}

/// <summary>Marks the endpoints under <c>/me</c>: their target is the signed-in user.</summary>
public sealed class SignedInUserRoute
{
    public static readonly SignedInUserRoute Instance = new();

    private SignedInUserRoute()
    {
    }
}

public static class PermissionEndpointExtensions
{
    /// <summary>Declares the permissions that allow this endpoint.</summary>
    public static TBuilder RequirePermissions<TBuilder>(this TBuilder builder, PermissionSet permissions)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(permissions);

    /// <summary>Marks a group as addressing the signed-in user (<c>/me</c>).</summary>
    public static TBuilder ForSignedInUser<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(SignedInUserRoute.Instance);
}
