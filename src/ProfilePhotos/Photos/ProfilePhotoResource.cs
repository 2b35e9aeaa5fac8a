using System.Text.Json.Serialization;
using ProfilePhotos.Imaging;

namespace ProfilePhotos.Photos;

/// <summary>Graph's profilePhoto: one size of a photo, with the photo's version tag.</summary>
public sealed record ProfilePhotoResource(
    [property: JsonPropertyName("@odata.context"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Context,
    [property: JsonPropertyName("@odata.mediaContentType")] string MediaContentType,
    [property: JsonPropertyName("@odata.mediaEtag")] string MediaEtag,
    string Id,
    int Width,
    int Height)
{
    public static ProfilePhotoResource From(PhotoRecord photo, StoredRendition rendition, string? context = null) =>
        new(context, "image/jpeg", photo.ETag, PhotoSizes.Id(rendition.Size), rendition.Size, rendition.Size);
}
