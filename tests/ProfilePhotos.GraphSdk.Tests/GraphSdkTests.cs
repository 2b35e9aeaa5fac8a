using System.Net;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using VipsImage = NetVips.Image;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.GraphSdk.Tests;

/// <summary>Everything through the official Microsoft.Graph SDK, as an application would call Graph.</summary>
public sealed class GraphSdkTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private GraphServiceClient Admin => GraphSdkClient.AsApplication(service, TestApplication.AdminA);

    private async Task<User> CreateUserAsync()
    {
        var upn = $"sdk-{Guid.NewGuid():N}@contoso.com";
        var user = await Admin.Users.PostAsync(new User
        {
            AccountEnabled = true,
            DisplayName = "SDK User",
            MailNickname = "sdk",
            UserPrincipalName = upn,
            PasswordProfile = new PasswordProfile { Password = GraphClient.TestPassword, ForceChangePasswordNextSignIn = false },
        });
        Assert.NotNull(user?.Id);
        return user;
    }

    private static TestUser AsTestUser(User user) =>
        new(Guid.Parse(user.Id!), TestApplication.TenantA, user.UserPrincipalName!, GraphClient.TestPassword);

    [Fact]
    public async Task UsersAreCreatedReadListedAndDeleted()
    {
        var user = await CreateUserAsync();
        Assert.Equal("SDK User", (await Admin.Users[user.Id].GetAsync())!.DisplayName);
        Assert.Equal(user.Id, (await Admin.Users[user.UserPrincipalName].GetAsync())!.Id);
        var page = await Admin.Users.GetAsync(r => r.QueryParameters.Top = 999);
        Assert.Contains(page!.Value!, u => u.Id == user.Id);

        var me = await GraphSdkClient.AsUser(service, AsTestUser(user), "User.Read").Me.GetAsync();
        Assert.Equal(user.UserPrincipalName, me!.UserPrincipalName);

        await Admin.Users[user.Id].DeleteAsync();
        var gone = await Assert.ThrowsAsync<ODataError>(() => Admin.Users[user.Id].GetAsync());
        Assert.Equal(404, gone.ResponseStatusCode);
        Assert.Equal("Request_ResourceNotFound", gone.Error!.Code);
    }

    [Fact]
    public async Task GroupsGetOwnersAndMembersByReference()
    {
        var owner = await CreateUserAsync();
        var member = await CreateUserAsync();
        var group = await Admin.Groups.PostAsync(new Group
        {
            DisplayName = "SDK group",
            MailNickname = "sdkgroup",
            MailEnabled = false,
            SecurityEnabled = true,
            GroupTypes = [],
            AdditionalData = new Dictionary<string, object> { ["owners@odata.bind"] = new[] { $"https://graph.microsoft.com/v1.0/users/{owner.Id}" } },
        });
        await Admin.Groups[group!.Id].Members.Ref.PostAsync(new ReferenceCreate { OdataId = $"https://graph.microsoft.com/v1.0/directoryObjects/{member.Id}" });

        var owners = await Admin.Groups[group.Id].Owners.GetAsync();
        Assert.Equal(owner.Id, Assert.IsType<User>(Assert.Single(owners!.Value!)).Id);
        var members = await Admin.Groups[group.Id].Members.GetAsync();
        Assert.Equal(member.Id, Assert.Single(members!.Value!).Id);

        var again = await Assert.ThrowsAsync<ODataError>(() =>
            Admin.Groups[group.Id].Members.Ref.PostAsync(new ReferenceCreate { OdataId = $"https://graph.microsoft.com/v1.0/directoryObjects/{member.Id}" }));
        Assert.Equal(400, again.ResponseStatusCode);
    }

    [Fact]
    public async Task ContactsLiveInTheMailboxInFoldersAndInChildFolders()
    {
        var user = await CreateUserAsync();
        var contact = await Admin.Users[user.Id].Contacts.PostAsync(new Contact
        {
            GivenName = "Pavel",
            Surname = "Bansky",
            EmailAddresses = [new EmailAddress { Address = "pavel@fabrikam.com", Name = "Pavel Bansky" }],
        });
        Assert.Equal("Pavel Bansky", contact!.DisplayName);
        var folder = await Admin.Users[user.Id].ContactFolders.PostAsync(new ContactFolder { DisplayName = "Friends" });
        var child = await Admin.Users[user.Id].ContactFolders[folder!.Id].ChildFolders.PostAsync(new ContactFolder { DisplayName = "Close" });
        Assert.Equal(folder.Id, child!.ParentFolderId);
        var deep = await Admin.Users[user.Id].ContactFolders[folder.Id].ChildFolders[child.Id].Contacts.PostAsync(new Contact { DisplayName = "Deep" });

        var inChild = await Admin.Users[user.Id].ContactFolders[folder.Id].ChildFolders[child.Id].Contacts.GetAsync();
        Assert.Equal(deep!.Id, Assert.Single(inChild!.Value!).Id);
        var mine = await GraphSdkClient.AsUser(service, AsTestUser(user), "Contacts.Read").Me.Contacts.GetAsync();
        Assert.Equal(contact.Id, Assert.Single(mine!.Value!).Id);
    }

    [Fact]
    public async Task PhotosGoInAndComeOutOnEveryOwnerPath()
    {
        var user = await CreateUserAsync();
        var userGraph = GraphSdkClient.AsUser(service, AsTestUser(user), "User.ReadWrite Contacts.ReadWrite Group.ReadWrite.All");
        var group = await userGraph.Groups.PostAsync(new Group { DisplayName = "Photo group", MailNickname = "pg", MailEnabled = false, SecurityEnabled = true });
        var contact = await Admin.Users[user.Id].Contacts.PostAsync(new Contact { DisplayName = "C" });
        var folder = await Admin.Users[user.Id].ContactFolders.PostAsync(new ContactFolder { DisplayName = "F" });
        var child = await Admin.Users[user.Id].ContactFolders[folder!.Id].ChildFolders.PostAsync(new ContactFolder { DisplayName = "CF" });
        var inFolder = await Admin.Users[user.Id].ContactFolders[folder.Id].Contacts.PostAsync(new Contact { DisplayName = "CIF" });
        var inChild = await Admin.Users[user.Id].ContactFolders[folder.Id].ChildFolders[child!.Id].Contacts.PostAsync(new Contact { DisplayName = "CIC" });

        // The signed-in user's own photo through /me, and the rest as the SDK addresses them.
        await userGraph.Me.Photo.Content.PutAsync(new MemoryStream(TestImages.Jpeg(504, 700)));
        var photo = await Admin.Users[user.Id].Photo.GetAsync();
        Assert.Equal("504X504", photo!.Id);
        Assert.Equal(504, photo.Width);
        var sizes = await Admin.Users[user.Id].Photos.GetAsync();
        Assert.Equal(8, sizes!.Value!.Count);
        foreach (var size in sizes.Value)
        {
            await using var bytes = await Admin.Users[user.Id].Photos[size.Id].Content.GetAsync();
            using var image = VipsImage.NewFromStream(bytes!);
            Assert.Equal(size.Width, image.Width);
        }

        await userGraph.Groups[group!.Id].Photo.Content.PutAsync(new MemoryStream(TestImages.Png(200, 200)));
        await Admin.Users[user.Id].Contacts[contact!.Id].Photo.Content.PutAsync(new MemoryStream(TestImages.Png(100, 100)));
        await Admin.Users[user.Id].ContactFolders[folder.Id].Contacts[inFolder!.Id].Photo.Content.PutAsync(new MemoryStream(TestImages.Gif(100, 100)));
        await Admin.Users[user.Id].ContactFolders[folder.Id].ChildFolders[child.Id].Contacts[inChild!.Id].Photo.Content.PutAsync(new MemoryStream(TestImages.WebP(100, 100)));

        Assert.Equal("120X120", (await Admin.Groups[group.Id].Photo.GetAsync())!.Id);
        Assert.Equal("96X96", (await Admin.Users[user.Id].Contacts[contact.Id].Photo.GetAsync())!.Id);
        await using (var folderPhoto = await Admin.Users[user.Id].ContactFolders[folder.Id].Contacts[inFolder.Id].Photo.Content.GetAsync())
        {
            using var image = VipsImage.NewFromStream(folderPhoto!);
            Assert.Equal(96, image.Width);
        }

        await using (var childPhoto = await userGraph.Me.ContactFolders[folder.Id].ChildFolders[child.Id].Contacts[inChild.Id].Photo.Content.GetAsync())
        {
            Assert.NotNull(childPhoto);
        }

        await userGraph.Me.Photo.DeleteAsync();
        await Admin.Groups[group.Id].Photo.DeleteAsync();
        var none = await Assert.ThrowsAsync<ODataError>(() => Admin.Users[user.Id].Photo.Content.GetAsync());
        Assert.Equal(404, none.ResponseStatusCode);
        Assert.Equal("ImageNotFound", none.Error!.Code);
    }

    [Fact]
    public async Task TheSdksBatchRequestsWorkAgainstTheBatchEndpoint()
    {
        var first = await CreateUserAsync();
        var second = await CreateUserAsync();
        var batch = new Microsoft.Graph.BatchRequestContentCollection(Admin);
        var one = await batch.AddBatchRequestStepAsync(Admin.Users[first.Id].ToGetRequestInformation());
        var two = await batch.AddBatchRequestStepAsync(Admin.Users[second.Id].ToGetRequestInformation());
        var missing = await batch.AddBatchRequestStepAsync(Admin.Users[Guid.NewGuid().ToString()].ToGetRequestInformation());

        var responses = await Admin.Batch.PostAsync(batch);
        Assert.Equal(first.UserPrincipalName, (await responses.GetResponseByIdAsync<User>(one)).UserPrincipalName);
        Assert.Equal(second.UserPrincipalName, (await responses.GetResponseByIdAsync<User>(two)).UserPrincipalName);
        var statuses = await responses.GetResponsesStatusCodesAsync();
        Assert.Equal(HttpStatusCode.NotFound, statuses[missing]);
    }

    [Fact]
    public async Task RefusalsSurfaceAsODataErrorsWithGraphsStatusAndCode()
    {
        var user = await CreateUserAsync();
        var other = await CreateUserAsync();
        var userGraph = GraphSdkClient.AsUser(service, AsTestUser(user), "User.ReadWrite.All ProfilePhoto.ReadWrite.All");

        var forbidden = await Assert.ThrowsAsync<ODataError>(() => userGraph.Users[other.Id].Photo.Content.PutAsync(new MemoryStream(TestImages.Jpeg(100, 100))));
        Assert.Equal((int)HttpStatusCode.Forbidden, forbidden.ResponseStatusCode);
        Assert.Equal("ErrorAccessDenied", forbidden.Error!.Code);

        var notAnImage = await Assert.ThrowsAsync<ODataError>(() => Admin.Users[user.Id].Photo.Content.PutAsync(new MemoryStream("not an image"u8.ToArray())));
        Assert.Equal(400, notAnImage.ResponseStatusCode);
        Assert.Equal("ErrorInvalidImage", notAnImage.Error!.Code);

        var tooSmall = await Assert.ThrowsAsync<ODataError>(() => Admin.Users[user.Id].Photo.Content.PutAsync(new MemoryStream(TestImages.Png(47, 100))));
        Assert.Equal("ImageTooSmall", tooSmall.Error!.Code);


        var unauthenticated = await Assert.ThrowsAsync<ODataError>(() => GraphSdkClient.For(service, () => Task.FromResult("")).Users.GetAsync());
        Assert.Equal(401, unauthenticated.ResponseStatusCode);
        Assert.Equal("InvalidAuthenticationToken", unauthenticated.Error!.Code);
    }
}
