using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ProfilePhotos.Graph;

/// <summary>Graph's JSON conventions: the OData content type and serializer settings.</summary>
public static class ODataJson
{
    public const string ContentType =
        "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

    // Graph writes quotes and apostrophes as they are; the content type is JSON, never HTML.
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonHttpResult<T> Ok<T>(T value) =>
        TypedResults.Json(value, Options, ContentType, StatusCodes.Status200OK);

    public static JsonHttpResult<T> Created<T>(T value) =>
        TypedResults.Json(value, Options, ContentType, StatusCodes.Status201Created);

    /// <summary>The service's own root, for <c>@odata.context</c> and references.</summary>
    public static string ServiceRoot(HttpRequest request) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}/v1.0";

    /// <summary>
    /// Reads a JSON request body. Unknown members (such as the <c>@odata.type</c> the SDKs add)
    /// are ignored; a body that is not JSON of the expected shape is a 400 that says so.
    /// </summary>
    public static async Task<T> ReadBodyAsync<T>(HttpRequest request) where T : class
    {
        var contentType = request.ContentType;
        if (contentType is not null && !contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            throw new GraphException(StatusCodes.Status415UnsupportedMediaType, "UnsupportedMediaType",
                $"The content type '{contentType}' is not supported; send application/json.");
        }

        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, Options, request.HttpContext.RequestAborted)
                ?? throw GraphException.BadRequest("The request body must be a JSON object.");
        }
        catch (JsonException ex)
        {
            var where = ex.Path is { Length: > 0 } path ? $" at '{path}'" : "";
            throw GraphException.BadRequest($"Unable to read JSON request payload{where}. Please ensure Content-Type header is set and payload is of valid JSON format.");
        }
    }
}
