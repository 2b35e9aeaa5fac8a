using ProfilePhotos.Identity;
using ProfilePhotos.Principals.Contacts;
using ProfilePhotos.Principals.Groups;
using ProfilePhotos.Principals.Users;
using ProfilePhotos.Storage;

namespace ProfilePhotos.Tests.Storage;

/// <summary>What every backend of the directory's stores (users, groups, contacts, applications) must do.</summary>
public abstract class DirectoryStoreContract
{
    private readonly Guid tenant = Guid.NewGuid();

    protected abstract IUserStore Users { get; }

    protected abstract IGroupStore Groups { get; }

    protected abstract IContactStore Contacts { get; }

    protected abstract IApplicationStore Applications { get; }

    private async Task<UserRecord> NewUserAsync(string? upn = null, Guid? inTenant = null)
    {
        var user = new UserRecord(Guid.NewGuid(), inTenant ?? tenant, upn ?? $"u{Guid.NewGuid():N}@contoso.com", "User", "u", "Given", null, null, null, true,
            new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
        await Users.CreateAsync(user, "hash-of-" + user.Id, CancellationToken.None);
        return user;
    }

    [Fact]
    public async Task UsersAreFoundByIdAndByPrincipalNameInTheirTenantOnly()
    {
        var user = await NewUserAsync("Mixed.Case@Contoso.com");
        Assert.Equal(user, await Users.GetAsync(tenant, user.Id, CancellationToken.None));
        Assert.Equal(user, await Users.FindByPrincipalNameAsync(tenant, "mixed.case@CONTOSO.com", CancellationToken.None));
        Assert.Null(await Users.GetAsync(Guid.NewGuid(), user.Id, CancellationToken.None));
        Assert.Null(await Users.FindByPrincipalNameAsync(Guid.NewGuid(), user.UserPrincipalName, CancellationToken.None));
        Assert.Equal("hash-of-" + user.Id, await Users.GetPasswordHashAsync(tenant, user.Id, CancellationToken.None));
        Assert.True(await Users.TenantHasUsersAsync(tenant, CancellationToken.None));
        Assert.False(await Users.TenantHasUsersAsync(Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task APrincipalNameIsUniqueInATenantWhateverItsCase()
    {
        await NewUserAsync("twin@contoso.com");
        await Assert.ThrowsAsync<DuplicateKeyException>(() => NewUserAsync("TWIN@contoso.com"));
        await NewUserAsync("twin@contoso.com", Guid.NewGuid());
    }

    [Fact]
    public async Task ListingPagesInIdOrderWithoutRepeats()
    {
        var created = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await NewUserAsync()).Id);
        }

        var seen = new List<Guid>();
        Guid? after = null;
        do
        {
            var page = await Users.ListAsync(tenant, 2, after, CancellationToken.None);
            seen.AddRange(page.Items.Select(u => u.Id));
            after = page.After;
        }
        while (after is not null);
        Assert.Equal(created.Order(), seen.Order());
        Assert.Equal(seen, seen.Order().ToList());
    }

    [Fact]
    public async Task GroupsLinkOnlyUsersOfTheirTenantAndLoseThemWithTheUser()
    {
        var owner = await NewUserAsync();
        var member = await NewUserAsync();
        var stranger = await NewUserAsync(inTenant: Guid.NewGuid());
        var group = new GroupRecord(Guid.NewGuid(), tenant, "G", "d", "g", false, true, ["Unified"], DateTimeOffset.UtcNow);
        await Groups.CreateAsync(group, [(GroupLink.Owners, owner.Id)], CancellationToken.None);

        Assert.Equal(["Unified"], (await Groups.GetAsync(tenant, group.Id, CancellationToken.None))!.GroupTypes);
        Assert.True(await Groups.AddLinkAsync(tenant, group.Id, GroupLink.Members, member.Id, CancellationToken.None));
        Assert.False(await Groups.AddLinkAsync(tenant, group.Id, GroupLink.Members, member.Id, CancellationToken.None));
        Assert.False(await Groups.AddLinkAsync(tenant, group.Id, GroupLink.Members, stranger.Id, CancellationToken.None));
        Assert.True(await Groups.IsLinkedAsync(tenant, group.Id, GroupLink.Owners, owner.Id, CancellationToken.None));
        Assert.False(await Groups.IsLinkedAsync(tenant, group.Id, GroupLink.Owners, member.Id, CancellationToken.None));
        Assert.Equal([member.Id], (await Groups.ListLinkedAsync(tenant, group.Id, GroupLink.Members, CancellationToken.None)).Select(u => u.Id));

        Assert.True(await Users.DeleteAsync(tenant, member.Id, CancellationToken.None));
        Assert.Empty(await Groups.ListLinkedAsync(tenant, group.Id, GroupLink.Members, CancellationToken.None));
        Assert.True(await Groups.RemoveLinkAsync(tenant, group.Id, GroupLink.Owners, owner.Id, CancellationToken.None));
        Assert.False(await Groups.DeleteAsync(Guid.NewGuid(), group.Id, CancellationToken.None));
        Assert.True(await Groups.DeleteAsync(tenant, group.Id, CancellationToken.None));
        Assert.Null(await Groups.GetAsync(tenant, group.Id, CancellationToken.None));
    }

    [Fact]
    public async Task ContactsLiveInFoldersAndGoWithThemAndWithTheMailbox()
    {
        var user = await NewUserAsync();
        var folder = new ContactFolderRecord(Guid.NewGuid(), tenant, user.Id, null, "F");
        var child = new ContactFolderRecord(Guid.NewGuid(), tenant, user.Id, folder.Id, "C");
        await Contacts.CreateFolderAsync(folder, CancellationToken.None);
        await Contacts.CreateFolderAsync(child, CancellationToken.None);
        var now = new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
        var top = new ContactRecord(Guid.NewGuid(), tenant, user.Id, null, "Top", "T", null, [new EmailAddress("T", "t@x.com")], now, now);
        var deep = new ContactRecord(Guid.NewGuid(), tenant, user.Id, child.Id, "Deep", null, null, [], now, now);
        await Contacts.CreateContactAsync(top, CancellationToken.None);
        await Contacts.CreateContactAsync(deep, CancellationToken.None);

        Assert.Equal([folder.Id], (await Contacts.ListFoldersAsync(tenant, user.Id, null, CancellationToken.None)).Select(f => f.Id));
        Assert.Equal([child.Id], (await Contacts.ListFoldersAsync(tenant, user.Id, folder.Id, CancellationToken.None)).Select(f => f.Id));
        Assert.Equal([top.Id], (await Contacts.ListContactsAsync(tenant, user.Id, null, CancellationToken.None)).Select(c => c.Id));
        var read = await Contacts.GetContactAsync(tenant, user.Id, top.Id, CancellationToken.None);
        Assert.Equal("t@x.com", read!.EmailAddresses.Single().Address);
        Assert.Equal(now, read.CreatedDateTime);
        Assert.Null(await Contacts.GetContactAsync(Guid.NewGuid(), user.Id, top.Id, CancellationToken.None));

        Assert.True(await Contacts.DeleteFolderAsync(tenant, user.Id, folder.Id, CancellationToken.None));
        Assert.Null(await Contacts.GetContactAsync(tenant, user.Id, deep.Id, CancellationToken.None));
        Assert.Null(await Contacts.GetFolderAsync(tenant, user.Id, child.Id, CancellationToken.None));
        Assert.True(await Users.DeleteAsync(tenant, user.Id, CancellationToken.None));
        Assert.Null(await Contacts.GetContactAsync(tenant, user.Id, top.Id, CancellationToken.None));
    }

    [Fact]
    public async Task ApplicationsAreFoundByClientIdWithoutRegardToCase()
    {
        var clientId = Guid.NewGuid().ToString();
        await Applications.AddAsync(new RegisteredApplication(
            clientId, tenant, RegisteredApplication.Digest("s3cret"), false,
            new HashSet<string> { "User.Read.All" }, Permissions.Delegated), CancellationToken.None);
        var found = await Applications.FindAsync(clientId.ToUpperInvariant(), CancellationToken.None);
        Assert.NotNull(found);
        Assert.True(found.SecretMatches("s3cret"));
        Assert.False(found.SecretMatches("s3cret "));
        Assert.Contains("User.Read.All", found.ApplicationPermissions);
        Assert.Contains(await Applications.ListAsync(CancellationToken.None), a => a.ClientId == clientId);
    }
}
