using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using ProfilePhotos.Graph;

namespace ProfilePhotos.Identity;

/// <summary>Writes permission refusals in Graph's envelope; challenges go to the bearer handler (401).</summary>
public sealed class GraphAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler fallback = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden)
        {
            var failure = authorizeResult.AuthorizationFailure?.FailureReasons.OfType<GraphAuthorizationFailure>().FirstOrDefault();
            return GraphErrorWriter.WriteAsync(context, failure?.Error ?? PermissionHandler.InsufficientPrivileges);
        }

        return fallback.HandleAsync(next, context, policy, authorizeResult);
    }
}
