using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ProfilePhotos.Identity;

/// <summary>
/// Bearer tokens this service has accepted, remembered by the exact Authorization header that
/// carried them: verifying an RS256 signature, then building the framework's validation contexts,
/// on every request was most of the cost of a photo GET. Only accepted tokens are kept, in a
/// bounded cache, for at most the token's own lifetime; a hit is checked again for lifetime and,
/// in embedded mode, for the issuer (which depends on the address the request came to). Any other
/// header, a tampered token included, is another key and goes through full validation.
/// </summary>
public sealed class AcceptedTokens(TimeProvider time) : IDisposable
{
    private const int MaxTokens = 10_000;
    private readonly MemoryCache accepted = new(new MemoryCacheOptions { SizeLimit = MaxTokens });

    /// <summary>Called once JwtBearer has accepted the token and the caller has been read from it.</summary>
    public void Remember(string authorization, JsonWebToken token, ClaimsPrincipal principal, Caller caller, TokenValidationParameters parameters) =>
        accepted.Set(authorization, new Accepted(token, principal, caller),
            new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = token.ValidTo + parameters.ClockSkew });

    public bool TryGet(string authorization, TokenValidationParameters parameters, out Accepted known)
    {
        known = null!;
        if (!accepted.TryGetValue(authorization, out var found) || found is not Accepted entry)
        {
            return false;
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (now > entry.Token.ValidTo + parameters.ClockSkew || now < entry.Token.ValidFrom - parameters.ClockSkew)
        {
            return false;
        }

        if (parameters.IssuerValidator is { } validateIssuer)
        {
            try
            {
                validateIssuer(entry.Token.Issuer, entry.Token, parameters);
            }
            catch (SecurityTokenInvalidIssuerException)
            {
                return false;
            }
        }

        known = entry;
        return true;
    }

    public void Dispose() => accepted.Dispose();

    /// <summary>What a remembered token stands for; the principal is shared, never changed.</summary>
    public sealed record Accepted(JsonWebToken Token, ClaimsPrincipal Principal, Caller Caller);
}

/// <summary>
/// The JwtBearer handler, answering a remembered token from <see cref="AcceptedTokens"/> and any
/// other through JwtBearer itself: every check, event and error stays JwtBearer's.
/// </summary>
public sealed class RememberingBearerHandler(
    IOptionsMonitor<JwtBearerOptions> options, ILoggerFactory logger, UrlEncoder encoder, AcceptedTokens accepted)
    : JwtBearerHandler(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var authorization = Request.Headers.Authorization;
        if (authorization.Count == 1 && authorization[0] is { } header && accepted.TryGet(header, Options.TokenValidationParameters, out var known))
        {
            Context.Features.Set(known.Caller);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(known.Principal, Scheme.Name)));
        }

        return base.HandleAuthenticateAsync();
    }
}
