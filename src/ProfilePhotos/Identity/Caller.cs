using System.Reflection;
using System.Security.Claims;

namespace ProfilePhotos.Identity;

/// <summary>Who is calling, read once from a validated token's claims.</summary>
public sealed record Caller(
    Guid TenantId,
    Guid ObjectId,
    bool IsApplication,
    string? UserPrincipalName,
    IReadOnlySet<string> Scopes,
    IReadOnlySet<string> Roles)
{
    /// <summary>Personal (Microsoft account) users live in this tenant.</summary>
    public static readonly Guid ConsumerTenantId = Guid.Parse("9188040d-6c67-4c5b-b112-36a304b66dad");

    public bool IsConsumer => TenantId == ConsumerTenantId;

    /// <summary>Null when the claims do not name a tenant and an object as GUIDs.</summary>
    public static Caller? FromClaims(ClaimsPrincipal principal)
    {
        if (!Guid.TryParse(principal.FindFirst(ClaimNames.TenantId)?.Value, out var tenant)
            || !Guid.TryParse(principal.FindFirst(ClaimNames.ObjectId)?.Value, out var objectId))
        {
            return null;
        }

        var scopes = new HashSet<string>(
            (principal.FindFirst(ClaimNames.Scope)?.Value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries),
            StringComparer.OrdinalIgnoreCase);
        var roles = new HashSet<string>(principal.FindAll(ClaimNames.Roles).Select(c => c.Value), StringComparer.OrdinalIgnoreCase);
        // Entra marks app-only tokens with idtyp=app when asked to; without it, an app token is one with no scp.
        var idtyp = principal.FindFirst(ClaimNames.IdentityType)?.Value;
        var isApplication = idtyp is not null ? string.Equals(idtyp, "app", StringComparison.OrdinalIgnoreCase) : scopes.Count == 0;
        return new Caller(tenant, objectId, isApplication, principal.FindFirst(ClaimNames.UserPrincipalName)?.Value, scopes, roles);
    }

    /// <summary>The caller of an authenticated request (endpoints behind the Graph policy only).</summary>
    public static Caller Of(HttpContext context)
    {
        if (context.Features.Get<Caller>() is { } caller)
        {
            return caller;
        }

        caller = FromClaims(context.User) ?? throw new InvalidOperationException("The request has no validated caller.");
        context.Features.Set(caller);
        return caller;
    }

    /// <summary>Minimal API binding: a handler parameter of type <see cref="Caller"/> gets the request's caller.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context, ParameterInfo parameter) => ValueTask.FromResult<Caller?>(Of(context));

    /// <summary>True when a <c>{user}</c> path value (an id or a userPrincipalName) names the caller.</summary>
    public bool IsUser(string userIdOrPrincipalName) =>
        !IsApplication && (Guid.TryParse(userIdOrPrincipalName, out var id)
            ? id == ObjectId
            : string.Equals(userIdOrPrincipalName, UserPrincipalName, StringComparison.OrdinalIgnoreCase));
}

public static class ClaimNames
{
    public const string TenantId = "tid";
    public const string ObjectId = "oid";
    public const string Scope = "scp";
    public const string Roles = "roles";
    public const string IdentityType = "idtyp";
    public const string UserPrincipalName = "upn";
}
