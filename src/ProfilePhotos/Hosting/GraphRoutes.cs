using ProfilePhotos.Identity;
using ProfilePhotos.Photos;
using ProfilePhotos.Principals.Contacts;
using ProfilePhotos.Principals.Groups;
using ProfilePhotos.Principals.Users;

namespace ProfilePhotos.Hosting;

public static class GraphRoutes
{
    /// <summary>
    /// The Graph v1.0 surface: every endpoint behind the one permission requirement. The user
    /// prefixes are built once here and shared by the features that hang off a user.
    /// </summary>
    public static IEndpointRouteBuilder MapGraphV1(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1.0").RequireAuthorization(PermissionRequirement.Policy);
        var me = v1.MapGroup("/me").ForSignedInUser();
        var user = v1.MapGroup("/users/{user}");
        v1.MapUsers(me);
        v1.MapGroups();
        me.MapContacts();
        user.MapContacts();
        v1.MapPhotos(me, user);
        return app;
    }
}
