using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProfilePhotos.Graph;

/// <summary>One request of a JSON batch, as Graph's <c>$batch</c> takes it.</summary>
public sealed class BatchRequestItem
{
    public string? Id { get; set; }

    public string? Method { get; set; }

    public string? Url { get; set; }

    public Dictionary<string, string>? Headers { get; set; }

    public JsonElement? Body { get; set; }

    public List<string>? DependsOn { get; set; }
}

public sealed class BatchRequestBody
{
    public List<BatchRequestItem>? Requests { get; set; }
}

/// <summary>One answer of a JSON batch: JSON bodies inline, any other body as base64.</summary>
public sealed record BatchResponseItem(
    string Id,
    int Status,
    IReadOnlyDictionary<string, string> Headers,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] object? Body);

public sealed record BatchResponseBody([property: JsonPropertyName("responses")] IReadOnlyList<BatchResponseItem> Responses);
