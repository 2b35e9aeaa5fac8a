using ProfilePhotos.Storage.Blobs;

namespace ProfilePhotos.Photos;

public enum PhotoOwnerKind
{
    User,
    Group,
    Contact,
}

/// <summary>One stored size: the blob that holds its JPEG.</summary>
public sealed record StoredRendition(int Size, BlobName Blob, long Length);

/// <summary>
/// A photo as the store keeps it: every size of one upload, switched as a whole. The ETag
/// names the version and is the same for every size (Graph's <c>@odata.mediaEtag</c>).
/// </summary>
public sealed record PhotoRecord(
    Guid TenantId,
    PhotoOwnerKind OwnerKind,
    Guid OwnerId,
    string ETag,
    int Width,
    int Height,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<StoredRendition> Renditions)
{
    public StoredRendition Largest => Renditions[^1];

    public StoredRendition? Find(int size) => Renditions.FirstOrDefault(r => r.Size == size);
}
