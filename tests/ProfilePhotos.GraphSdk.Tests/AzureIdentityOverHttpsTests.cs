using System.Security.Cryptography.X509Certificates;
using Azure.Core.Pipeline;
using Azure.Identity;
using Microsoft.Graph;
using Microsoft.Graph.Authentication;
using Microsoft.Graph.Models;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.GraphSdk.Tests;

/// <summary>
/// What an application developer writes against Entra ID, pointed at ProfilePhotos instead:
/// Azure.Identity's ClientSecretCredential with the service as authority host, and the Graph SDK
/// using its tokens, all over HTTPS with the self-signed certificate the service made for itself.
/// </summary>
public sealed class AzureIdentityOverHttpsTests(HttpsKestrelFixture service) : IClassFixture<HttpsKestrelFixture>
{
    /// <summary>Trusts exactly the certificate the service wrote into its data directory, as a user told to trust it would.</summary>
    private HttpClientHandler TrustingHandler()
    {
        var certificate = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(service.DataDirectory, "https", "localhost.crt"));
        return new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint,
        };
    }

    [Fact]
    public async Task ClientSecretCredentialGetsTokensFromTheServiceAndTheSdkUsesThemOverHttps()
    {
        var address = service.ListeningAddress!;
        Assert.Equal("https", address.Scheme);
        var app = TestApplication.AdminA;
        var credential = new ClientSecretCredential(app.TenantId.ToString(), app.ClientId, app.Secret, new ClientSecretCredentialOptions
        {
            AuthorityHost = address,
            DisableInstanceDiscovery = true,
            Transport = new HttpClientTransport(TrustingHandler()),
        });
        var auth = new AzureIdentityAuthenticationProvider(credential, [address.Host], observabilityOptions: null, isCaeEnabled: false, scopes: ["https://graph.microsoft.com/.default"]);
        var graph = new GraphServiceClient(GraphClientFactory.Create(finalHandler: TrustingHandler()), auth, new Uri(address, "/v1.0").ToString());

        var user = await graph.Users.PostAsync(new User
        {
            AccountEnabled = true,
            DisplayName = "Over HTTPS",
            MailNickname = "https",
            UserPrincipalName = "https-user@contoso.com",
            PasswordProfile = new PasswordProfile { Password = GraphClient.TestPassword },
        });
        await graph.Users[user!.Id].Photo.Content.PutAsync(new MemoryStream(TestImages.Jpeg(250, 260)));
        var photo = await graph.Users[user.Id].Photo.GetAsync();
        Assert.Equal("240X240", photo!.Id);

        var token = await credential.GetTokenAsync(new Azure.Core.TokenRequestContext(["https://graph.microsoft.com/.default"]));
        Assert.Equal($"{address.Scheme}://{address.Authority}/{app.TenantId}/v2.0",
            new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token.Token).Issuer);
    }
}
