using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace ProfilePhotos.Identity;

public static class IdentityFeature
{
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
        services.AddGraphAuthentication();
        services.AddSingleton<IAuthorizationHandler, PermissionHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, GraphAuthorizationResultHandler>();
        // The bearer scheme is the default: the authentication middleware has already run it, and
        // naming it here again would have the policy evaluator authenticate every request twice.
        services.AddAuthorizationBuilder().AddPolicy(PermissionRequirement.Policy, policy => policy
            .RequireAuthenticatedUser()
            .AddRequirements(new PermissionRequirement()));
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
        app.MapPost("/{tenant}/oauth2/v2.0/token", TokenEndpoint.HandleAsync);
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
