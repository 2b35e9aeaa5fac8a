using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ProfilePhotos.Identity.SignIn;

namespace ProfilePhotos.Identity;

public static class IdentityFeature
{
    /// <summary>Any valid token: the OpenID Connect endpoints that answer for its bearer (userinfo).</summary>
    public const string SignedInUserPolicy = "SignedInUser";

    public static IServiceCollection AddGraphIdentity(this IServiceCollection services)
    {
        services.AddOptions<IdentityOptions>().BindConfiguration(IdentityOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IdentityOptions>, IdentityOptionsValidator>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SigningKeyStore>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<ApplicationRegistry>();
        services.AddSingleton<DemoTenant>();
        services.AddSingleton<UserGrants>();
        services.AddSingleton<SignInSessions>();
        services.AddSingleton<SignInForm>();
        services.AddSingleton<DeviceLoginPage>();
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "profilephotos.antiforgery";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddCors();
        services.AddSingleton<DefaultCorsPolicyProvider>();
        services.Replace(ServiceDescriptor.Singleton<ICorsPolicyProvider, IdentityCors>());
        services.AddGraphAuthentication();
        services.AddSingleton<IAuthorizationHandler, PermissionHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, GraphAuthorizationResultHandler>();
        // The bearer scheme is the default: the authentication middleware has already run it, and
        // naming it here again would have the policy evaluator authenticate every request twice.
        services.AddAuthorizationBuilder()
            .AddPolicy(PermissionRequirement.Policy, policy => policy.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement()))
            .AddPolicy(SignedInUserPolicy, policy => policy.RequireAuthenticatedUser());
        return services;
    }

    /// <summary>The embedded issuer's endpoints; off in external mode, where another provider issues tokens.</summary>
    public static WebApplication MapEmbeddedIdentity(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<IdentityOptions>>().Value.Mode != IdentityMode.Embedded)
        {
            return app;
        }

        app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", DiscoveryEndpoints.OpenIdConfiguration);
        app.MapGet("/{tenant}/discovery/v2.0/keys", DiscoveryEndpoints.Keys);
        var oauth = app.MapGroup("/{tenant}/oauth2/v2.0").WithTags("Identity");
        oauth.MapPost("/token", TokenEndpoint.HandleAsync);
        oauth.MapMethods("/authorize", [HttpMethods.Get, HttpMethods.Post], AuthorizeEndpoint.HandleAsync);
        oauth.MapPost("/devicecode", DeviceCodes.StartAsync);
        oauth.MapMethods("/logout", [HttpMethods.Get, HttpMethods.Post], OidcEndpoints.LogoutAsync);
        app.MapGet(DeviceCodes.PagePath, (HttpContext context, DeviceLoginPage page) => page.Show(context)).WithTags("Identity");
        app.MapPost(DeviceCodes.PagePath, (HttpContext context, DeviceLoginPage page) => page.SubmitAsync(context)).WithTags("Identity");
        app.MapMethods("/oidc/userinfo", [HttpMethods.Get, HttpMethods.Post], OidcEndpoints.UserInfoAsync).RequireAuthorization(SignedInUserPolicy).WithTags("Identity");
        app.MapGet("/common/userrealm/{user}", OidcEndpoints.UserRealm).WithTags("Identity");
        return app;
    }

    /// <summary>Loads (or creates) the signing key and the demo tenant before the server listens.</summary>
    public static async Task InitializeIdentityAsync(this WebApplication app, CancellationToken cancellationToken)
    {
        if (app.Services.GetRequiredService<IOptions<IdentityOptions>>().Value.Mode != IdentityMode.Embedded)
        {
            return;
        }

        await app.Services.GetRequiredService<SigningKeyStore>().InitializeAsync(cancellationToken);
        await app.Services.GetRequiredService<DemoTenant>().EnsureAsync(app.Lifetime, cancellationToken);
    }
}
