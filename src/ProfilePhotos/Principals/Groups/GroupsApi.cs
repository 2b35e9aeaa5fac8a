using Microsoft.AspNetCore.Http.HttpResults;
using ProfilePhotos.Graph;
using ProfilePhotos.Identity;
using ProfilePhotos.Principals.Users;

namespace ProfilePhotos.Principals.Groups;

/// <summary><c>/groups</c>: groups, their owners and their members.</summary>
public static class GroupsApi
{
    private static readonly string[] GroupRead = [Permissions.GroupReadAll, Permissions.GroupReadWriteAll];
    private static readonly string[] GroupWrite = [Permissions.GroupReadWriteAll];

    public static readonly PermissionSet Read = new(GroupRead, [], GroupRead);
    public static readonly PermissionSet Write = new(GroupWrite, [], GroupWrite);

    public static void MapGroups(this RouteGroupBuilder v1)
    {
        var groups = v1.MapGroup("/groups").WithTags("Groups");
        groups.MapPost("", CreateAsync).RequirePermissions(Write);
        groups.MapGet("", ListAsync).RequirePermissions(Read);
        groups.MapGet("/{id}", GetAsync).RequirePermissions(Read);
        groups.MapDelete("/{id}", DeleteAsync).RequirePermissions(Write);
        foreach (var link in Enum.GetValues<GroupLink>())
        {
            var segment = Segment(link);
            groups.MapGet($"/{{id}}/{segment}", (string id, HttpRequest request, Caller caller, IGroupStore store) =>
                ListLinkedAsync(link, id, request, caller, store)).RequirePermissions(Read);
            groups.MapPost($"/{{id}}/{segment}/$ref", (string id, HttpRequest request, Caller caller, IGroupStore store, IUserStore users) =>
                AddLinkAsync(link, id, request, caller, store, users)).RequirePermissions(Write);
            groups.MapDelete($"/{{id}}/{segment}/{{userId}}/$ref", (string id, string userId, Caller caller, IGroupStore store, CancellationToken cancellationToken) =>
                RemoveLinkAsync(link, id, userId, caller, store, cancellationToken)).RequirePermissions(Write);
        }
    }

    private static async Task<JsonHttpResult<GroupResource>> CreateAsync(HttpRequest request, Caller caller, IGroupStore groups, IUserStore users)
    {
        var body = await ODataJson.ReadBodyAsync<CreateGroupBody>(request);
        var group = new GroupRecord(
            Guid.NewGuid(), caller.TenantId,
            PropertyRules.Required(body.DisplayName, "displayName"), body.Description, PropertyRules.Required(body.MailNickname, "mailNickname"),
            body.MailEnabled ?? throw GraphException.InvalidProperty("Property 'mailEnabled' is required."),
            body.SecurityEnabled ?? throw GraphException.InvalidProperty("Property 'securityEnabled' is required."),
            body.GroupTypes ?? [], DateTimeOffset.UtcNow);

        var links = new List<(GroupLink, Guid)>();
        foreach (var (link, references) in new[] { (GroupLink.Owners, body.OwnersBind), (GroupLink.Members, body.MembersBind) })
        {
            foreach (var reference in references ?? [])
            {
                links.Add((link, await ExistingUserAsync(DirectoryObjectReference.Parse(reference, request), caller, users, request.HttpContext.RequestAborted)));
            }
        }

        // As in Graph, a user who creates a group with no owners named becomes its owner.
        if (!caller.IsApplication && !links.Any(l => l.Item1 == GroupLink.Owners))
        {
            links.Add((GroupLink.Owners, caller.ObjectId));
        }

        await groups.CreateAsync(group, links, request.HttpContext.RequestAborted);
        request.HttpContext.Response.Headers.Location = $"{ODataJson.ServiceRoot(request)}/groups/{group.Id:D}";
        return ODataJson.Created(GroupResource.From(group, $"{ODataJson.ServiceRoot(request)}/$metadata#groups/$entity"));
    }

    private static async Task<JsonHttpResult<CollectionResource<GroupResource>>> ListAsync(HttpRequest request, Caller caller, IGroupStore groups)
    {
        var paging = Paging.Parse(request);
        var page = await groups.ListAsync(caller.TenantId, paging.Top, paging.After, request.HttpContext.RequestAborted);
        return ODataJson.Ok(new CollectionResource<GroupResource>(
            $"{ODataJson.ServiceRoot(request)}/$metadata#groups",
            paging.NextLink(request, page.After),
            page.Items.Select(g => GroupResource.From(g)).ToList()));
    }

    private static async Task<JsonHttpResult<GroupResource>> GetAsync(string id, HttpRequest request, Caller caller, IGroupStore groups)
    {
        var group = await ExistingGroupAsync(id, caller, groups, request.HttpContext.RequestAborted);
        return ODataJson.Ok(GroupResource.From(group, $"{ODataJson.ServiceRoot(request)}/$metadata#groups/$entity"));
    }

    private static async Task<NoContent> DeleteAsync(string id, Caller caller, IGroupStore groups, CancellationToken cancellationToken)
    {
        var group = await ExistingGroupAsync(id, caller, groups, cancellationToken);
        await groups.DeleteAsync(caller.TenantId, group.Id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<JsonHttpResult<CollectionResource<UserResource>>> ListLinkedAsync(
        GroupLink link, string id, HttpRequest request, Caller caller, IGroupStore groups)
    {
        var group = await ExistingGroupAsync(id, caller, groups, request.HttpContext.RequestAborted);
        var users = await groups.ListLinkedAsync(caller.TenantId, group.Id, link, request.HttpContext.RequestAborted);
        return ODataJson.Ok(new CollectionResource<UserResource>(
            $"{ODataJson.ServiceRoot(request)}/$metadata#directoryObjects", null, users.Select(UserResource.AsDirectoryObject).ToList()));
    }

    private static async Task<NoContent> AddLinkAsync(GroupLink link, string id, HttpRequest request, Caller caller, IGroupStore groups, IUserStore users)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var group = await ExistingGroupAsync(id, caller, groups, cancellationToken);
        var body = await ODataJson.ReadBodyAsync<ReferenceBody>(request);
        var userId = await ExistingUserAsync(DirectoryObjectReference.Parse(body.ODataId, request), caller, users, cancellationToken);
        if (!await groups.AddLinkAsync(caller.TenantId, group.Id, link, userId, cancellationToken))
        {
            throw GraphException.InvalidProperty(
                $"One or more added object references already exist for the following modified properties: '{Segment(link)}'.");
        }

        return TypedResults.NoContent();
    }

    private static async Task<NoContent> RemoveLinkAsync(GroupLink link, string id, string userId, Caller caller, IGroupStore groups, CancellationToken cancellationToken)
    {
        var group = await ExistingGroupAsync(id, caller, groups, cancellationToken);
        var user = DirectoryObjectReference.ParseId(userId);
        return await groups.RemoveLinkAsync(caller.TenantId, group.Id, link, user, cancellationToken)
            ? TypedResults.NoContent()
            : throw GraphException.ResourceNotFound(userId);
    }

    /// <summary>The group in the caller's tenant, or 404: another tenant's group does not exist.</summary>
    public static async Task<GroupRecord> ExistingGroupAsync(string id, Caller caller, IGroupStore groups, CancellationToken cancellationToken) =>
        await groups.GetAsync(caller.TenantId, DirectoryObjectReference.ParseId(id), cancellationToken)
        ?? throw GraphException.ResourceNotFound(id);

    private static async Task<Guid> ExistingUserAsync(Guid id, Caller caller, IUserStore users, CancellationToken cancellationToken) =>
        await users.GetAsync(caller.TenantId, id, cancellationToken) is { } user ? user.Id : throw GraphException.ResourceNotFound(id.ToString("D"));

    private static string Segment(GroupLink link) => link == GroupLink.Owners ? "owners" : "members";
}
