using ProfilePhotos.Identity;
using ProfilePhotos.Photos;
using ProfilePhotos.Principals.Contacts;
using ProfilePhotos.Principals.Groups;
using ProfilePhotos.Principals.Users;
using ProfilePhotos.Storage.Caching;
using ProfilePhotos.Storage.Sql;

namespace ProfilePhotos.Storage;

/// <summary>
/// Every metadata store over one database, each behind the record cache when the cache
/// remembers anything: the one composition the service and the contract tests both use.
/// </summary>
public sealed class MetadataStores(SqlDatabase database, RecordCache cache)
{
    public IUserStore Users { get; } = cache.Wrap<IUserStore>(new SqlUserStore(database), static (store, c) => new CachingUserStore(store, c));

    public IGroupStore Groups { get; } = cache.Wrap<IGroupStore>(new SqlGroupStore(database), static (store, c) => new CachingGroupStore(store, c));

    public IContactStore Contacts { get; } = cache.Wrap<IContactStore>(new SqlContactStore(database), static (store, c) => new CachingContactStore(store, c));

    public IPhotoStore Photos { get; } = cache.Wrap<IPhotoStore>(new SqlPhotoStore(database), static (store, c) => new CachingPhotoStore(store, c));

    /// <summary>Read once per token request at most: never cached.</summary>
    public IApplicationStore Applications { get; } = new SqlApplicationStore(database);

    /// <summary>Sessions and grants: every read must see the other nodes' writes, so never cached.</summary>
    public IGrantStore Grants { get; } = new SqlGrantStore(database);
}
