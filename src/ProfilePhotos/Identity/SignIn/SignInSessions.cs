using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using ProfilePhotos.Principals.Users;

namespace ProfilePhotos.Identity.SignIn;

/// <summary>
/// A browser's sign-in, so that a second application signs in without the form: an HttpOnly,
/// SameSite=Lax cookie (ASP.NET Core cookie authentication, protected by Data Protection keys the
/// store shares between nodes) that names a session the store holds. Ending the session in the
/// store (sign-out) ends it on every node at once, whatever cookies are still around.
/// </summary>
public sealed class SignInSessions(IGrantStore grants, IUserStore users, TimeProvider time)
{
    public const string Scheme = "ProfilePhotos.SignIn";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);
    private const string SessionClaim = "sid";

    public static void AddCookie(AuthenticationBuilder authentication) =>
        authentication.AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = "profilephotos.signin";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = Lifetime;
            cookie.SlidingExpiration = false;
            // Never a redirect to a login path: the pages decide what to show.
            cookie.Events = new CookieAuthenticationEvents
            {
                OnRedirectToLogin = context => { context.Response.StatusCode = 401; return Task.CompletedTask; },
                OnRedirectToAccessDenied = context => { context.Response.StatusCode = 403; return Task.CompletedTask; },
            };
        });

    /// <summary>The signed-in user of this browser in <paramref name="tenantId"/>, while the session stands and the user may sign in.</summary>
    public async Task<(SignInSession Session, UserRecord User)?> CurrentAsync(HttpContext context, Guid tenantId)
    {
        var cookie = await context.AuthenticateAsync(Scheme);
        if (!cookie.Succeeded || !Guid.TryParse(cookie.Principal.FindFirstValue(SessionClaim), out var id))
        {
            return null;
        }

        var session = await grants.FindSessionAsync(id, time.GetUtcNow(), context.RequestAborted);
        if (session is null || session.TenantId != tenantId)
        {
            return null;
        }

        var user = await users.GetAsync(session.TenantId, session.UserId, context.RequestAborted);
        return user is { AccountEnabled: true } ? (session, user) : null;
    }

    public async Task<SignInSession> StartAsync(HttpContext context, UserRecord user)
    {
        var now = time.GetUtcNow();
        var session = new SignInSession(Guid.NewGuid(), user.TenantId, user.Id, now, now + Lifetime);
        await grants.AddSessionAsync(session, context.RequestAborted);
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(SessionClaim, session.Id.ToString("D")), new Claim(ClaimNames.TenantId, user.TenantId.ToString("D")), new Claim(ClaimNames.ObjectId, user.Id.ToString("D"))],
            Scheme));
        await context.SignInAsync(Scheme, principal, new AuthenticationProperties { ExpiresUtc = session.ExpiresAt, IsPersistent = false });
        return session;
    }

    /// <summary>Ends this browser's session everywhere and removes its cookie.</summary>
    public async Task EndAsync(HttpContext context)
    {
        var cookie = await context.AuthenticateAsync(Scheme);
        if (cookie.Succeeded && Guid.TryParse(cookie.Principal.FindFirstValue(SessionClaim), out var id))
        {
            await grants.EndSessionAsync(id, time.GetUtcNow(), context.RequestAborted);
        }

        await context.SignOutAsync(Scheme);
    }
}
