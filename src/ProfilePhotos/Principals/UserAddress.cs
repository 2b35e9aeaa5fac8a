using System.Reflection;
using ProfilePhotos.Graph;
using ProfilePhotos.Identity;
using ProfilePhotos.Principals.Users;

namespace ProfilePhotos.Principals;

/// <summary>
/// The user a path names: <c>/me</c> (the signed-in user) or <c>/users/{id or userPrincipalName}</c>.
/// Parsed once from the route; resolved in the caller's tenant only.
/// </summary>
public sealed record UserAddress(string? IdOrPrincipalName)
{
    public bool IsMe => IdOrPrincipalName is null;

    public static ValueTask<UserAddress?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult<UserAddress?>(new UserAddress(context.GetRouteValue("user") as string));

    /// <summary>The user, or 404 <c>Request_ResourceNotFound</c>: a user of another tenant does not exist.</summary>
    public async Task<UserRecord> ResolveAsync(Caller caller, IUserStore users, CancellationToken cancellationToken)
    {
        var key = IdOrPrincipalName ?? caller.ObjectId.ToString("D");
        var user = Guid.TryParse(key, out var id)
            ? await users.GetAsync(caller.TenantId, id, cancellationToken)
            : await users.FindByPrincipalNameAsync(caller.TenantId, key, cancellationToken);
        return user ?? throw GraphException.ResourceNotFound(ClientText.Echo(key, 128));
    }
}
