using ProfilePhotos.Identity;
using ProfilePhotos.Principals.Contacts;
using ProfilePhotos.Principals.Groups;
using ProfilePhotos.Principals.Users;

namespace ProfilePhotos.Principals;

public static class PrincipalsFeature
{
    /// <summary>The Graph directory subset under <c>/v1.0</c>: users, groups, contacts.</summary>
    public static IEndpointRouteBuilder MapGraphDirectory(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1.0").RequireAuthorization(PermissionRequirement.Policy);
        var me = v1.MapGroup("/me").ForSignedInUser();
        var user = v1.MapGroup("/users/{user}");
        v1.MapUsers(me);
        v1.MapGroups();
        me.MapContacts();
        user.MapContacts();
        return app;
    }
}
