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
        groups.MapGet("/{group}", GetAsync).RequirePermissions(Read);
        groups.MapDelete("/{group}", DeleteAsync).RequirePermissions(Write);
        foreach (var link in Enum.GetValues<GroupLink>())
        {
            var segment = Segment(link);
            groups.MapGet($"/{{group}}/{segment}", (string group, HttpRequest request, Caller caller, DirectoryLookup lookup, IGroupStore store) =>
                ListLinkedAsync(link, group, request, caller, lookup, store)).RequirePermissions(Read);
            groups.MapPost($"/{{group}}/{segment}/$ref", (string group, HttpRequest request, Caller caller, DirectoryLookup lookup, IGroupStore store) =>
                AddLinkAsync(link, group, request, caller, lookup, store)).RequirePermissions(Write);
            groups.MapDelete($"/{{group}}/{segment}/{{userId}}/$ref", (string group, string userId, Caller caller, DirectoryLookup lookup, IGroupStore store, CancellationToken cancellationToken) =>
                RemoveLinkAsync(link, group, userId, caller, lookup, store, cancellationToken)).RequirePermissions(Write);
        }
    }

    private static async Task<JsonHttpResult<GroupResource>> CreateAsync(HttpRequest request, Caller caller, DirectoryLookup lookup, IGroupStore groups)
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
                links.Add((link, (await lookup.UserAsync(caller, DirectoryObjectReference.Parse(reference, request), request.HttpContext.RequestAborted)).Id));
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

    private static async Task<JsonHttpResult<GroupResource>> GetAsync(string group, HttpRequest request, Caller caller, DirectoryLookup lookup)
    {
        var record = await lookup.GroupAsync(caller, group, request.HttpContext.RequestAborted);
        return ODataJson.Ok(GroupResource.From(record, $"{ODataJson.ServiceRoot(request)}/$metadata#groups/$entity"));
    }

    private static async Task<NoContent> DeleteAsync(string group, Caller caller, DirectoryLookup lookup, IGroupStore groups, CancellationToken cancellationToken)
    {
        var record = await lookup.GroupAsync(caller, group, cancellationToken);
        await groups.DeleteAsync(caller.TenantId, record.Id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<JsonHttpResult<CollectionResource<UserResource>>> ListLinkedAsync(
        GroupLink link, string id, HttpRequest request, Caller caller, DirectoryLookup lookup, IGroupStore groups)
    {
        var group = await lookup.GroupAsync(caller, id, request.HttpContext.RequestAborted);
        var users = await groups.ListLinkedAsync(caller.TenantId, group.Id, link, request.HttpContext.RequestAborted);
        return ODataJson.Ok(new CollectionResource<UserResource>(
            $"{ODataJson.ServiceRoot(request)}/$metadata#directoryObjects", null, users.Select(UserResource.AsDirectoryObject).ToList()));
    }

    private static async Task<NoContent> AddLinkAsync(GroupLink link, string id, HttpRequest request, Caller caller, DirectoryLookup lookup, IGroupStore groups)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var group = await lookup.GroupAsync(caller, id, cancellationToken);
        var body = await ODataJson.ReadBodyAsync<ReferenceBody>(request);
        var user = await lookup.UserAsync(caller, DirectoryObjectReference.Parse(body.ODataId, request), cancellationToken);
        if (!await groups.AddLinkAsync(caller.TenantId, group.Id, link, user.Id, cancellationToken))
        {
            throw GraphException.InvalidProperty(
                $"One or more added object references already exist for the following modified properties: '{Segment(link)}'.");
        }

        return TypedResults.NoContent();
    }

    private static async Task<NoContent> RemoveLinkAsync(
        GroupLink link, string id, string userId, Caller caller, DirectoryLookup lookup, IGroupStore groups, CancellationToken cancellationToken)
    {
        var group = await lookup.GroupAsync(caller, id, cancellationToken);
        var user = DirectoryObjectReference.ParseId(userId);
        return await groups.RemoveLinkAsync(caller.TenantId, group.Id, link, user, cancellationToken)
            ? TypedResults.NoContent()
            : throw GraphException.ResourceNotFound(userId);
    }

    private static string Segment(GroupLink link) => link == GroupLink.Owners ? "owners" : "members";
}
