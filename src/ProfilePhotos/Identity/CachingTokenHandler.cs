using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ProfilePhotos.Identity;

/// <summary>
/// The standard JWT handler, remembering tokens it has found valid: an RS256 signature check on
/// every request was most of the cost of a photo GET. Only successes are kept, for at most the
/// token's own lifetime, in a bounded cache; a hit is checked again for lifetime and for the
/// issuer (which in embedded mode depends on the address the request came to). A different
/// token string (a tampered one) is a different key and is fully validated.
/// </summary>
public sealed class CachingTokenHandler(TimeProvider time) : JsonWebTokenHandler
{
    private const int MaxTokens = 10_000;
    private readonly MemoryCache validated = new(new MemoryCacheOptions { SizeLimit = MaxTokens });

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (validated.TryGetValue(token, out TokenValidationResult? known) && known is not null && StillValid(known, validationParameters))
        {
            return new TokenValidationResult
            {
                IsValid = true,
                SecurityToken = known.SecurityToken,
                // Shared, not copied: nothing in this service adds to a validated identity.
                ClaimsIdentity = known.ClaimsIdentity,
                Issuer = known.Issuer,
                TokenType = known.TokenType,
            };
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is JsonWebToken jwt)
        {
            validated.Set(token, result, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = jwt.ValidTo + validationParameters.ClockSkew });
        }

        return result;
    }

    private bool StillValid(TokenValidationResult known, TokenValidationParameters parameters)
    {
        if (known.SecurityToken is not JsonWebToken jwt)
        {
            return false;
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (now > jwt.ValidTo + parameters.ClockSkew || now < jwt.ValidFrom - parameters.ClockSkew)
        {
            return false;
        }

        if (parameters.IssuerValidator is { } validateIssuer)
        {
            try
            {
                validateIssuer(jwt.Issuer, jwt, parameters);
            }
            catch (SecurityTokenInvalidIssuerException)
            {
                return false;
            }
        }

        return true;
    }
}
