using Microsoft.AspNetCore.Authorization;
using ProfilePhotos.Graph;
using ProfilePhotos.Principals;

namespace ProfilePhotos.Identity;

/// <summary>The one authorization requirement of the Graph surface.</summary>
public sealed class PermissionRequirement : IAuthorizationRequirement
{
    public const string Policy = "GraphPermissions";
}

/// <summary>A refusal that carries the error the client gets.</summary>
public sealed class GraphAuthorizationFailure(IAuthorizationHandler handler, GraphError error)
    : AuthorizationFailureReason(handler, error.Message)
{
    public GraphError Error { get; } = error;
}

/// <summary>
/// Evaluates the endpoint's <see cref="PermissionSet"/> against the token's <c>scp</c> or
/// <c>roles</c>. An endpoint that declares none is refused: forgetting to declare is never an opening.
/// </summary>
public sealed class PermissionHandler : AuthorizationHandler<PermissionRequirement>
{
    public static readonly GraphError InsufficientPrivileges = GraphError.AccessDenied("Authorization_RequestDenied", "Insufficient privileges to complete the operation.");

    private static readonly GraphError AccessDenied = GraphError.AccessDenied("ErrorAccessDenied", "Access is denied. Check credentials and try again.");

    // Graph's own answer to /me with an app-only token.
    private static readonly GraphError MeNeedsAUser = GraphError.BadRequest("/me request is only valid with delegated authentication flow.");

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (context.Resource is not HttpContext http || context.User.Identity?.IsAuthenticated != true)
        {
            return Task.CompletedTask;
        }

        var caller = Caller.Of(http);
        var endpoint = http.GetEndpoint();
        var permissions = endpoint?.Metadata.GetMetadata<PermissionSet>();
        var refusal = permissions switch
        {
            null => InsufficientPrivileges,
            { ForConsumers: { } consumers } when caller.IsConsumer => consumers,
            _ when caller.IsApplication && endpoint?.Metadata.GetMetadata<SignedInUserRoute>() is not null => MeNeedsAUser,
            _ when Allows(permissions, caller, http) => null,
            _ => permissions.DeniedCode == AccessDenied.Code ? AccessDenied : InsufficientPrivileges with { Code = permissions.DeniedCode },
        };
        if (refusal is null)
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new GraphAuthorizationFailure(this, refusal));
        }

        return Task.CompletedTask;
    }

    private static bool Allows(PermissionSet permissions, Caller caller, HttpContext http) =>
        caller.IsApplication
            ? permissions.AllowsAny(caller.Roles, permissions.Application)
            : permissions.AllowsAny(caller.Scopes, permissions.Delegated)
              || (permissions.AllowsAny(caller.Scopes, permissions.DelegatedSelf) && ObjectPath.Of(http).Mailbox?.Names(caller) == true);
}
