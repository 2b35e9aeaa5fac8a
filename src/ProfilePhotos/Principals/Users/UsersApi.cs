using Microsoft.AspNetCore.Http.HttpResults;
using ProfilePhotos.Graph;
using ProfilePhotos.Identity;
using ProfilePhotos.Storage;

namespace ProfilePhotos.Principals.Users;

/// <summary><c>/users</c> and <c>/me</c>: the directory's users.</summary>
public static class UsersApi
{
    private static readonly string[] AnyUserRead = [Permissions.UserReadBasicAll, Permissions.UserReadAll, Permissions.UserReadWriteAll];
    private static readonly string[] AppUserRead = [Permissions.UserReadAll, Permissions.UserReadWriteAll];
    private static readonly string[] UserWrite = [Permissions.UserReadWriteAll];

    public static readonly PermissionSet Read = new(AnyUserRead, [Permissions.UserRead, Permissions.UserReadWrite], AppUserRead);
    public static readonly PermissionSet List = new(AnyUserRead, [], AppUserRead);
    public static readonly PermissionSet Write = new(UserWrite, [], UserWrite);

    public static void MapUsers(this RouteGroupBuilder v1, RouteGroupBuilder me)
    {
        var users = v1.MapGroup("/users").WithTags("Users");
        users.MapPost("", CreateAsync).RequirePermissions(Write);
        users.MapGet("", ListAsync).RequirePermissions(List);
        users.MapGet("/{user}", GetAsync).RequirePermissions(Read);
        users.MapDelete("/{user}", DeleteAsync).RequirePermissions(Write);
        me.MapGet("", GetAsync).RequirePermissions(Read);
    }

    private static async Task<JsonHttpResult<UserResource>> CreateAsync(HttpRequest request, Caller caller, IUserStore users)
    {
        var body = await ODataJson.ReadBodyAsync<CreateUserBody>(request);
        var (displayName, mailNickname, principalName, password, enabled) = UserValidation.Validate(body);
        var user = new UserRecord(
            Guid.NewGuid(), caller.TenantId, principalName, displayName, mailNickname, body.GivenName, body.Surname,
            body.JobTitle, body.Mail, enabled, DateTimeOffset.UtcNow);
        try
        {
            await users.CreateAsync(user, PasswordHashing.Hash(user, password), request.HttpContext.RequestAborted);
        }
        catch (DuplicateKeyException ex)
        {
            throw GraphException.InvalidProperty(ex.Message);
        }

        request.HttpContext.Response.Headers.Location = $"{ODataJson.ServiceRoot(request)}/users/{user.Id:D}";
        return ODataJson.Created(UserResource.From(user, $"{ODataJson.ServiceRoot(request)}/$metadata#users/$entity"));
    }

    private static async Task<JsonHttpResult<CollectionResource<UserResource>>> ListAsync(HttpRequest request, Caller caller, IUserStore users)
    {
        var paging = Paging.Parse(request);
        var page = await users.ListAsync(caller.TenantId, paging.Top, paging.After, request.HttpContext.RequestAborted);
        return ODataJson.Ok(new CollectionResource<UserResource>(
            $"{ODataJson.ServiceRoot(request)}/$metadata#users",
            paging.NextLink(request, page.After),
            page.Items.Select(u => UserResource.From(u)).ToList()));
    }

    private static async Task<JsonHttpResult<UserResource>> GetAsync(HttpRequest request, Caller caller, UserAddress target, DirectoryLookup lookup)
    {
        var user = await lookup.UserAsync(caller, target, request.HttpContext.RequestAborted);
        return ODataJson.Ok(UserResource.From(user, $"{ODataJson.ServiceRoot(request)}/$metadata#users/$entity"));
    }

    private static async Task<NoContent> DeleteAsync(Caller caller, UserAddress target, DirectoryLookup lookup, IUserStore users, CancellationToken cancellationToken)
    {
        var user = await lookup.UserAsync(caller, target, cancellationToken);
        await users.DeleteAsync(caller.TenantId, user.Id, cancellationToken);
        return TypedResults.NoContent();
    }
}
