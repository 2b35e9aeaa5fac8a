using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using ProfilePhotos.Graph;
using ProfilePhotos.Identity;
using ProfilePhotos.Imaging;
using P = ProfilePhotos.Identity.Permissions;

namespace ProfilePhotos.Photos;

/// <summary>The profilePhoto API on every owner path: <c>photo</c>, <c>photo/$value</c>, <c>photos</c>, <c>photos/{size}</c>.</summary>
public static class PhotosApi
{
    private static readonly GraphError Consumers = new(StatusCodes.Status404NotFound, "ConsumerPhotoIsNotSupported", "The photo wasn't found.");
    private static readonly string[] UserReadApp = [P.UserReadAll, P.UserReadWriteAll, P.ProfilePhotoReadAll, P.ProfilePhotoReadWriteAll];
    private static readonly string[] UserWriteApp = [P.UserReadWriteAll, P.ProfilePhotoReadWriteAll];
    private static readonly string[] GroupRead = [P.GroupReadAll, P.GroupReadWriteAll, P.ProfilePhotoReadAll, P.ProfilePhotoReadWriteAll];
    private static readonly string[] GroupWrite = [P.GroupReadWriteAll, P.ProfilePhotoReadWriteAll];
    private static readonly string[] ContactRead = [P.ContactsRead, P.ContactsReadWrite];
    private static readonly string[] ContactWrite = [P.ContactsReadWrite];

    public static readonly PermissionSet UserPhotoRead = new(
        [P.UserReadBasicAll, P.UserReadAll, P.UserReadWriteAll, P.ProfilePhotoReadAll, P.ProfilePhotoReadWriteAll],
        [P.UserRead, P.UserReadWrite], UserReadApp, "ErrorAccessDenied", Consumers);

    /// <summary>Delegated, only the signed-in user's own photo: another user's takes the application permission.</summary>
    public static readonly PermissionSet UserPhotoWrite = new(
        [], [P.UserReadWrite, P.UserReadWriteAll, P.ProfilePhotoReadWriteAll], UserWriteApp, "ErrorAccessDenied", Consumers);

    public static readonly PermissionSet GroupPhotoRead = new(GroupRead, [], GroupRead, "ErrorAccessDenied", Consumers);

    /// <summary>Delegated callers must also own the group: see <see cref="PhotoOwnerResolver"/>.</summary>
    public static readonly PermissionSet GroupPhotoWrite = new(GroupWrite, [], GroupWrite, "ErrorAccessDenied", Consumers);

    public static readonly PermissionSet ContactPhotoRead = new([], ContactRead, ContactRead, "ErrorAccessDenied", Consumers);
    public static readonly PermissionSet ContactPhotoWrite = new([], ContactWrite, ContactWrite, "ErrorAccessDenied", Consumers);

    public static void MapPhotos(this RouteGroupBuilder v1, RouteGroupBuilder me, RouteGroupBuilder user)
    {
        foreach (var (prefix, kind) in PhotoOwner.MailboxPrefixes)
        {
            Map(me, prefix, kind);
            Map(user, prefix, kind);
        }

        Map(v1, PhotoOwner.GroupPrefix, PhotoOwnerKind.Group);
    }

    private static void Map(RouteGroupBuilder group, string prefix, PhotoOwnerKind kind)
    {
        var (read, write) = kind switch
        {
            PhotoOwnerKind.User => (UserPhotoRead, UserPhotoWrite),
            PhotoOwnerKind.Group => (GroupPhotoRead, GroupPhotoWrite),
            _ => (ContactPhotoRead, ContactPhotoWrite),
        };
        var owner = group.MapGroup(prefix).WithMetadata(new PhotoOwnerRoute(kind)).WithTags("Photos");
        owner.MapGet("/photo", GetPhotoAsync).RequirePermissions(read);
        owner.MapGet("/photo/$value", GetPhotoValueAsync).RequirePermissions(read);
        owner.MapMethods("/photo/$value", [HttpMethods.Put, HttpMethods.Patch], PutAsync).RequirePermissions(write);
        owner.MapDelete("/photo", DeleteAsync).RequirePermissions(write);
        owner.MapDelete("/photo/$value", DeleteAsync).RequirePermissions(write);
        owner.MapGet("/photos", ListAsync).RequirePermissions(read);
        owner.MapGet("/photos/{size}", GetSizeAsync).RequirePermissions(read);
        owner.MapGet("/photos/{size}/$value", GetSizeValueAsync).RequirePermissions(read);
    }

    private static async Task<JsonHttpResult<ProfilePhotoResource>> GetPhotoAsync(
        HttpContext context, Caller caller, PhotoOwner owner, PhotoOwnerResolver resolver, PhotoService photos)
    {
        var resolved = await resolver.ResolveAsync(owner, caller, forWrite: false, context.RequestAborted);
        var photo = await photos.GetAsync(resolved, context.RequestAborted);
        return ODataJson.Ok(ProfilePhotoResource.From(photo, photo.Largest, Context(context, resolved, "photo/$entity")));
    }

    private static async Task<Results<FileContentHttpResult, StatusCodeHttpResult>> GetPhotoValueAsync(
        HttpContext context, Caller caller, PhotoOwner owner, PhotoOwnerResolver resolver, PhotoService photos)
    {
        var resolved = await resolver.ResolveAsync(owner, caller, forWrite: false, context.RequestAborted);
        var photo = await photos.GetAsync(resolved, context.RequestAborted);
        return await ValueAsync(context, resolved, photo, photo.Largest, photos);
    }

    private static async Task<JsonHttpResult<CollectionResource<ProfilePhotoResource>>> ListAsync(
        HttpContext context, Caller caller, PhotoOwner owner, PhotoOwnerResolver resolver, IPhotoStore store)
    {
        RefuseSizesOfContacts(owner);
        var resolved = await resolver.ResolveAsync(owner, caller, forWrite: false, context.RequestAborted);
        var photo = await store.GetAsync(resolved.TenantId, resolved.Id, context.RequestAborted);
        var sizes = photo?.Renditions.Select(r => ProfilePhotoResource.From(photo, r)).ToList() ?? [];
        return ODataJson.Ok(new CollectionResource<ProfilePhotoResource>(Context(context, resolved, "photos"), null, sizes));
    }

    private static async Task<JsonHttpResult<ProfilePhotoResource>> GetSizeAsync(
        string size, HttpContext context, Caller caller, PhotoOwner owner, PhotoOwnerResolver resolver, PhotoService photos)
    {
        var (resolved, photo, rendition) = await FindSizeAsync(size, context, caller, owner, resolver, photos);
        return ODataJson.Ok(ProfilePhotoResource.From(photo, rendition, Context(context, resolved, "photos/$entity")));
    }

    private static async Task<Results<FileContentHttpResult, StatusCodeHttpResult>> GetSizeValueAsync(
        string size, HttpContext context, Caller caller, PhotoOwner owner, PhotoOwnerResolver resolver, PhotoService photos)
    {
        var (resolved, photo, rendition) = await FindSizeAsync(size, context, caller, owner, resolver, photos);
        return await ValueAsync(context, resolved, photo, rendition, photos);
    }

    private static async Task<Ok> PutAsync(
        HttpContext context, Caller caller, PhotoOwner owner, PhotoOwnerResolver resolver, PhotoService photos, IOptions<PhotoOptions> options)
    {
        UploadReader.CheckContentType(context.Request);
        var resolved = await resolver.ResolveAsync(owner, caller, forWrite: true, context.RequestAborted);
        var upload = await UploadReader.ReadAsync(context, options.Value);
        var photo = await photos.PutAsync(resolved, upload, ETagCondition.FromIfMatch(context.Request), context.RequestAborted);
        context.Response.Headers.ETag = photo.ETag;
        return TypedResults.Ok();
    }

    private static async Task<NoContent> DeleteAsync(
        HttpContext context, Caller caller, PhotoOwner owner, PhotoOwnerResolver resolver, PhotoService photos)
    {
        if (owner.Kind == PhotoOwnerKind.Contact)
        {
            // Graph cannot delete a contact's photo; it can only be replaced.
            throw new GraphException(StatusCodes.Status405MethodNotAllowed, "MethodNotAllowed", "A contact's photo cannot be deleted, only replaced.");
        }

        var resolved = await resolver.ResolveAsync(owner, caller, forWrite: true, context.RequestAborted);
        await photos.DeleteAsync(resolved, ETagCondition.FromIfMatch(context.Request), context.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<(ResolvedOwner Owner, PhotoRecord Photo, StoredRendition Rendition)> FindSizeAsync(
        string size, HttpContext context, Caller caller, PhotoOwner owner, PhotoOwnerResolver resolver, PhotoService photos)
    {
        RefuseSizesOfContacts(owner);
        var resolved = await resolver.ResolveAsync(owner, caller, forWrite: false, context.RequestAborted);
        var photo = await photos.GetAsync(resolved, context.RequestAborted);
        var rendition = PhotoSizes.Parse(size) is { } pixels ? photo.Find(pixels) : null;
        return (resolved, photo, rendition ?? throw PhotoService.PhotoNotFound());
    }

    /// <summary>
    /// The bytes of one size: image/jpeg whatever the Accept header says (the SDK asks for
    /// <c>application/octet-stream, application/json</c>), never 406; 304 when the client has it.
    /// </summary>
    private static async Task<Results<FileContentHttpResult, StatusCodeHttpResult>> ValueAsync(
        HttpContext context, ResolvedOwner owner, PhotoRecord photo, StoredRendition rendition, PhotoService photos)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = "private";
        if (IfNoneMatchHas(context.Request, photo.ETag))
        {
            headers.ETag = photo.ETag;
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var (served, bytes) = await photos.ReadAsync(owner, photo, rendition.Size, context.RequestAborted);
        headers.ETag = served.ETag;
        return TypedResults.Bytes(bytes, "image/jpeg");
    }

    private static bool IfNoneMatchHas(HttpRequest request, string etag) =>
        request.Headers.IfNoneMatch.Count > 0
        && EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var tags)
        && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Tag.Equals(etag, StringComparison.Ordinal));

    private static void RefuseSizesOfContacts(PhotoOwner owner)
    {
        if (owner.Kind == PhotoOwnerKind.Contact)
        {
            throw GraphException.BadRequest("Unsupported segment type. ODataQuery: photos");
        }
    }

    private static string Context(HttpContext context, ResolvedOwner owner, string tail) =>
        $"{ODataJson.ServiceRoot(context.Request)}/$metadata#{owner.ContextPath}/{tail}";
}
