using Microsoft.AspNetCore.Http.HttpResults;
using ProfilePhotos.Graph;
using ProfilePhotos.Identity;

namespace ProfilePhotos.Principals.Contacts;

/// <summary>Contacts and contact folders under <c>/me</c> and <c>/users/{user}</c>, at every folder depth.</summary>
public static class ContactsApi
{
    private static readonly string[] ContactsRead = [Permissions.ContactsRead, Permissions.ContactsReadWrite];
    private static readonly string[] ContactsWrite = [Permissions.ContactsReadWrite];

    /// <summary>Delegated only in the caller's own mailbox; an application in any mailbox of its tenant.</summary>
    public static readonly PermissionSet Read = new([], ContactsRead, ContactsRead, "ErrorAccessDenied");
    public static readonly PermissionSet Write = new([], ContactsWrite, ContactsWrite, "ErrorAccessDenied");

    private static readonly string[] ContactContainers = ["", "/contactFolders/{folder}", "/contactFolders/{folder}/childFolders/{child}"];
    private static readonly string[] FolderCollections = ["/contactFolders", "/contactFolders/{folder}/childFolders"];
    private static readonly string[] FolderItems = ["/contactFolders/{folder}", "/contactFolders/{folder}/childFolders/{child}"];

    public static void MapContacts(this RouteGroupBuilder mailbox)
    {
        foreach (var container in ContactContainers)
        {
            mailbox.MapGet($"{container}/contacts", ListContactsAsync).RequirePermissions(Read).WithTags("Contacts");
            mailbox.MapPost($"{container}/contacts", CreateContactAsync).RequirePermissions(Write).WithTags("Contacts");
            mailbox.MapGet($"{container}/contacts/{{contact}}", GetContactAsync).RequirePermissions(Read).WithTags("Contacts");
            mailbox.MapDelete($"{container}/contacts/{{contact}}", DeleteContactAsync).RequirePermissions(Write).WithTags("Contacts");
        }

        foreach (var collection in FolderCollections)
        {
            mailbox.MapGet(collection, ListFoldersAsync).RequirePermissions(Read).WithTags("Contacts");
            mailbox.MapPost(collection, CreateFolderAsync).RequirePermissions(Write).WithTags("Contacts");
        }

        foreach (var item in FolderItems)
        {
            mailbox.MapGet(item, GetFolderAsync).RequirePermissions(Read).WithTags("Contacts");
            mailbox.MapDelete(item, DeleteFolderAsync).RequirePermissions(Write).WithTags("Contacts");
        }
    }

    private static async Task<JsonHttpResult<CollectionResource<ContactResource>>> ListContactsAsync(
        HttpContext context, Caller caller, ObjectPath path, DirectoryLookup lookup, IContactStore contacts)
    {
        var scope = await lookup.ContactScopeAsync(caller, path, context.RequestAborted);
        var items = await contacts.ListContactsAsync(caller.TenantId, scope.Mailbox.Id, scope.Folder?.Id, context.RequestAborted);
        return ODataJson.Ok(new CollectionResource<ContactResource>(
            Context(context.Request, scope, "contacts"), null, items.Select(c => ContactResource.From(c)).ToList()));
    }

    private static async Task<JsonHttpResult<ContactResource>> CreateContactAsync(
        HttpContext context, Caller caller, ObjectPath path, DirectoryLookup lookup, IContactStore contacts)
    {
        var scope = await lookup.ContactScopeAsync(caller, path, context.RequestAborted);
        var body = await ODataJson.ReadBodyAsync<CreateContactBody>(context.Request);
        var given = PropertyRules.Bounded(body.GivenName, "givenName");
        var surname = PropertyRules.Bounded(body.Surname, "surname");
        var displayName = PropertyRules.Bounded(body.DisplayName, "displayName") ?? $"{given} {surname}".Trim();
        var now = DateTimeOffset.UtcNow;
        var contact = new ContactRecord(
            Guid.NewGuid(), caller.TenantId, scope.Mailbox.Id, scope.Folder?.Id, displayName, given, surname,
            body.EmailAddresses ?? [], now, now);
        await contacts.CreateContactAsync(contact, context.RequestAborted);
        return ODataJson.Created(ContactResource.From(contact, Context(context.Request, scope, "contacts/$entity")));
    }

    private static async Task<JsonHttpResult<ContactResource>> GetContactAsync(
        HttpContext context, Caller caller, ObjectPath path, DirectoryLookup lookup, IContactStore contacts)
    {
        var (scope, record) = await lookup.ContactAsync(caller, path, context.RequestAborted);
        return ODataJson.Ok(ContactResource.From(record, Context(context.Request, scope, "contacts/$entity")));
    }

    private static async Task<NoContent> DeleteContactAsync(
        HttpContext context, Caller caller, ObjectPath path, DirectoryLookup lookup, IContactStore contacts)
    {
        var (scope, record) = await lookup.ContactAsync(caller, path, context.RequestAborted);
        await contacts.DeleteContactAsync(caller.TenantId, scope.Mailbox.Id, record.Id, context.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<JsonHttpResult<CollectionResource<ContactFolderResource>>> ListFoldersAsync(
        HttpContext context, Caller caller, ObjectPath path, DirectoryLookup lookup, IContactStore contacts)
    {
        var scope = await lookup.ContactScopeAsync(caller, path, context.RequestAborted);
        var folders = await contacts.ListFoldersAsync(caller.TenantId, scope.Mailbox.Id, scope.Folder?.Id, context.RequestAborted);
        return ODataJson.Ok(new CollectionResource<ContactFolderResource>(
            Context(context.Request, scope, "contactFolders"), null, folders.Select(f => ContactFolderResource.From(f)).ToList()));
    }

    private static async Task<JsonHttpResult<ContactFolderResource>> CreateFolderAsync(
        HttpContext context, Caller caller, ObjectPath path, DirectoryLookup lookup, IContactStore contacts)
    {
        var scope = await lookup.ContactScopeAsync(caller, path, context.RequestAborted);
        var body = await ODataJson.ReadBodyAsync<CreateContactFolderBody>(context.Request);
        var folder = new ContactFolderRecord(
            Guid.NewGuid(), caller.TenantId, scope.Mailbox.Id, scope.Folder?.Id, PropertyRules.Required(body.DisplayName, "displayName"));
        await contacts.CreateFolderAsync(folder, context.RequestAborted);
        return ODataJson.Created(ContactFolderResource.From(folder, Context(context.Request, scope, "contactFolders/$entity")));
    }

    private static async Task<JsonHttpResult<ContactFolderResource>> GetFolderAsync(
        HttpContext context, Caller caller, ObjectPath path, DirectoryLookup lookup, IContactStore contacts)
    {
        var scope = await lookup.ContactScopeAsync(caller, path, context.RequestAborted);
        return ODataJson.Ok(ContactFolderResource.From(scope.Folder!, Context(context.Request, scope, "contactFolders/$entity")));
    }

    private static async Task<NoContent> DeleteFolderAsync(
        HttpContext context, Caller caller, ObjectPath path, DirectoryLookup lookup, IContactStore contacts)
    {
        var scope = await lookup.ContactScopeAsync(caller, path, context.RequestAborted);
        await contacts.DeleteFolderAsync(caller.TenantId, scope.Mailbox.Id, scope.Folder!.Id, context.RequestAborted);
        return TypedResults.NoContent();
    }

    private static string Context(HttpRequest request, ContactScope scope, string tail) =>
        $"{ODataJson.ServiceRoot(request)}/$metadata#users('{scope.Mailbox.Id:D}')/{tail}";
}
