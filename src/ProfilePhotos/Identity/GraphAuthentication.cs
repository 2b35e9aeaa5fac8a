using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ProfilePhotos.Graph;

namespace ProfilePhotos.Identity;

/// <summary>
/// Bearer token validation for both modes through the standard JwtBearer handler: RS256 only,
/// issuer, audience, lifetime with five minutes of skew. Every failure is a 401 in Graph's envelope.
/// </summary>
public static class GraphAuthentication
{
    /// <summary>Graph's resource URI and application id: Entra v2 tokens carry the first, v1 tokens the second.</summary>
    public static readonly string[] GraphAudiences = ["https://graph.microsoft.com", "00000003-0000-0000-c000-000000000000"];

    public static IServiceCollection AddGraphAuthentication(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        SignIn.SignInSessions.AddCookie(services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer());
        // JwtBearer's options and events, with remembered tokens answered before it.
        services.AddSingleton<AcceptedTokens>();
        services.AddTransient<RememberingBearerHandler>();
        services.Configure<AuthenticationOptions>(authentication =>
            authentication.SchemeMap[JwtBearerDefaults.AuthenticationScheme].HandlerType = typeof(RememberingBearerHandler));
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<IdentityOptions>, SigningKeyStore, IHttpContextAccessor, AcceptedTokens, IServer>((bearer, identity, keys, accessor, accepted, server) =>
                Configure(bearer, identity.Value, keys, accessor, accepted, server));
        return services;
    }

    private static void Configure(JwtBearerOptions bearer, IdentityOptions identity, SigningKeyStore keys, IHttpContextAccessor accessor, AcceptedTokens accepted, IServer server)
    {
        bearer.MapInboundClaims = false;
        // Nothing reads the token back from the authentication properties.
        bearer.SaveToken = false;
        bearer.IncludeErrorDetails = false;
        bearer.TokenHandlers.Clear();
        bearer.TokenHandlers.Add(new JsonWebTokenHandler { MapInboundClaims = false });
        var parameters = new TokenValidationParameters
        {
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = TimeSpan.FromMinutes(5),
            NameClaimType = "name",
            RoleClaimType = ClaimNames.Roles,
        };

        if (identity.Mode == IdentityMode.External)
        {
            bearer.Authority = identity.Authority;
            bearer.RequireHttpsMetadata = identity.Authority?.StartsWith("https:", StringComparison.OrdinalIgnoreCase) == true;
            parameters.ValidAudience = identity.Audience;
            if (identity.ValidIssuers.Count > 0)
            {
                parameters.ValidIssuers = identity.ValidIssuers;
            }
        }
        else
        {
            parameters.ValidAudiences = GraphAudiences;
            parameters.IssuerSigningKeys = keys.ValidationKeys;
            // The kid must name a published key: no falling back to trying every key.
            parameters.TryAllIssuerSigningKeys = false;
            parameters.IssuerValidator = (issuer, token, _) => ValidateEmbeddedIssuer(issuer, token, accessor, identity, server);
        }

        bearer.TokenValidationParameters = parameters;
        bearer.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                // Every permission and tenant rule reads tid and oid: a token without them is no token.
                if (context.Principal is null || Caller.FromClaims(context.Principal) is not { } caller)
                {
                    context.Fail("The token does not name a tenant (tid) and an object (oid) as GUIDs.");
                    return Task.CompletedTask;
                }

                context.HttpContext.Features.Set(caller);
                if (context.SecurityToken is JsonWebToken jwt && context.Request.Headers.Authorization is [{ } header])
                {
                    accepted.Remember(header, jwt, context.Principal, caller, context.Options.TokenValidationParameters);
                }

                return Task.CompletedTask;
            },
            OnChallenge = WriteChallengeAsync,
        };
    }

    /// <summary>The issuer must be this service's (at any of its addresses), for the tenant the token itself names.</summary>
    private static string ValidateEmbeddedIssuer(string issuer, SecurityToken token, IHttpContextAccessor accessor, IdentityOptions identity, IServer server)
    {
        var request = accessor.HttpContext?.Request;
        if (request is not null && token is JsonWebToken jwt && jwt.TryGetPayloadValue<string>(ClaimNames.TenantId, out var tid)
            && Guid.TryParse(tid, out var tenant)
            && IssuerAddress.IsOurs(issuer, tenant, request, identity, server))
        {
            return issuer;
        }

        throw new SecurityTokenInvalidIssuerException("The token's issuer is not this service for the token's tenant.");
    }

    private static async Task WriteChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var failure = context.AuthenticateFailure;
        var response = context.Response;
        var authorizationUri = context.Request.Scheme + "://" + context.Request.Host + "/common/oauth2/v2.0/authorize";
        var header = $"Bearer realm=\"\", authorization_uri=\"{authorizationUri}\", client_id=\"{GraphAudiences[1]}\"";
        if (failure is not null)
        {
            header += ", error=\"invalid_token\"";
        }

        response.Headers.WWWAuthenticate = header;
        await GraphErrorWriter.WriteAsync(context.HttpContext, new GraphError(StatusCodes.Status401Unauthorized, "InvalidAuthenticationToken", Describe(context, failure)));
    }

    private static string Describe(JwtBearerChallengeContext context, Exception? failure) => failure switch
    {
        null when !context.Request.Headers.Authorization.Any() => "Access token is empty.",
        null => "Access token is missing or not a Bearer token.",
        SecurityTokenExpiredException expired =>
            string.Create(CultureInfo.InvariantCulture, $"Lifetime validation failed, the token is expired. It expired at {expired.Expires:O}."),
        SecurityTokenNotYetValidException => "Lifetime validation failed, the token is not yet valid.",
        SecurityTokenInvalidAudienceException => "Access token validation failure. Invalid audience.",
        SecurityTokenInvalidIssuerException => "Access token validation failure. Invalid issuer.",
        SecurityTokenInvalidAlgorithmException or SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException
            => "Access token validation failure. Invalid signature.",
        SecurityTokenMalformedException or ArgumentException => "IDX14100: JWT is not well formed.",
        _ => "Access token validation failure.",
    };
}
