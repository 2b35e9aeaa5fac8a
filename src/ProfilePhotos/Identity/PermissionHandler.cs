using Microsoft.AspNetCore.Authorization;
using ProfilePhotos.Principals;

namespace ProfilePhotos.Identity;

/// <summary>The one authorization requirement of the Graph surface.</summary>
public sealed class PermissionRequirement : IAuthorizationRequirement
{
    public const string Policy = "GraphPermissions";
}

/// <summary>A refusal that knows the status, code and message the client gets.</summary>
public sealed class GraphAuthorizationFailure(IAuthorizationHandler handler, int statusCode, string code, string message)
    : AuthorizationFailureReason(handler, message)
{
    public int StatusCode { get; } = statusCode;

    public string Code { get; } = code;
}

/// <summary>
/// Evaluates the endpoint's <see cref="PermissionSet"/> against the token's <c>scp</c> or
/// <c>roles</c>. An endpoint that declares none is refused: forgetting to declare is never an opening.
/// </summary>
public sealed class PermissionHandler : AuthorizationHandler<PermissionRequirement>
{
    private const string InsufficientPrivileges = "Insufficient privileges to complete the operation.";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (context.Resource is not HttpContext http || context.User.Identity?.IsAuthenticated != true)
        {
            return Task.CompletedTask;
        }

        var caller = Caller.Of(http);
        var endpoint = http.GetEndpoint();
        var permissions = endpoint?.Metadata.GetMetadata<PermissionSet>();
        var signedInUser = endpoint?.Metadata.GetMetadata<SignedInUserRoute>() is not null;
        if (permissions is null)
        {
            Refuse(context, 403, "Authorization_RequestDenied", InsufficientPrivileges);
        }
        else if (permissions.ForConsumers is { } refusal && caller.IsConsumer)
        {
            Refuse(context, refusal.StatusCode, refusal.Code, refusal.Message);
        }
        else if (signedInUser && caller.IsApplication)
        {
            // Graph's own answer to /me with an app-only token.
            Refuse(context, 400, "BadRequest", "/me request is only valid with delegated authentication flow.");
        }
        else if (caller.IsApplication
            ? permissions.AllowsAny(caller.Roles, permissions.Application)
            : permissions.AllowsAny(caller.Scopes, permissions.Delegated)
              || (permissions.AllowsAny(caller.Scopes, permissions.DelegatedSelf) && ObjectPath.Of(http).Mailbox?.Names(caller) == true))
        {
            context.Succeed(requirement);
        }
        else
        {
            var message = permissions.DeniedCode == "ErrorAccessDenied" ? "Access is denied. Check credentials and try again." : InsufficientPrivileges;
            Refuse(context, 403, permissions.DeniedCode, message);
        }

        return Task.CompletedTask;
    }

    private void Refuse(AuthorizationHandlerContext context, int status, string code, string message) =>
        context.Fail(new GraphAuthorizationFailure(this, status, code, message));
}
