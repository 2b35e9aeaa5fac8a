using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using ProfilePhotos.Storage.Sql;

namespace ProfilePhotos.Hosting;

public static class DataProtectionSetup
{
    /// <summary>
    /// Data Protection protects the sign-in session cookie and the anti-forgery tokens of the
    /// sign-in pages. Its key ring lives in the metadata store, so that every node reads a cookie
    /// another node wrote; the application name is fixed so that every node derives the same keys.
    /// </summary>
    public static IServiceCollection KeepDataProtectionKeysInStore(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("ProfilePhotos");
        services.AddOptions<KeyManagementOptions>().Configure<SqlDatabase>((options, database) => options.XmlRepository = new SqlXmlRepository(database));
        return services;
    }

    /// <summary>
    /// The key ring's elements in <c>data_protection_keys</c>. Data Protection calls this rarely
    /// (when it loads or rotates its key ring) and synchronously, so the calls block here.
    /// </summary>
    private sealed class SqlXmlRepository(SqlDatabase database) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() => ReadAsync().GetAwaiter().GetResult();

        public void StoreElement(XElement element, string friendlyName) => StoreAsync(element, friendlyName).GetAwaiter().GetResult();

        private async Task<IReadOnlyCollection<XElement>> ReadAsync()
        {
            await using var sql = await database.OpenAsync(CancellationToken.None);
            return (await sql.ListAsync("SELECT xml FROM data_protection_keys ORDER BY created_at", r => XElement.Parse(r.Text("xml")), CancellationToken.None)).AsReadOnly();
        }

        private async Task StoreAsync(XElement element, string friendlyName)
        {
            await using var sql = await database.OpenAsync(CancellationToken.None);
            await sql.ExecuteAsync(
                "INSERT INTO data_protection_keys (name, xml, created_at) VALUES (@name, @xml, @created) ON CONFLICT (name) DO NOTHING", CancellationToken.None,
                ("name", string.IsNullOrEmpty(friendlyName) ? Guid.NewGuid().ToString("N") : friendlyName), ("xml", element.ToString(SaveOptions.DisableFormatting)), ("created", DateTimeOffset.UtcNow));
        }
    }
}
