using System.Text.Json.Serialization;

namespace ProfilePhotos.Graph;

/// <summary>A collection in Graph's shape: context, items, and the link to the next page if there is one.</summary>
public sealed record CollectionResource<T>(
    [property: JsonPropertyName("@odata.context")] string Context,
    [property: JsonPropertyName("@odata.nextLink"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextLink,
    [property: JsonPropertyName("value")] IReadOnlyList<T> Value);
