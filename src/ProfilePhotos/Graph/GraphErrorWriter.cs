using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace ProfilePhotos.Graph;

/// <summary>Writes Graph's error envelope: the only place an error body is produced.</summary>
public static class GraphErrorWriter
{
    public static async Task WriteAsync(HttpContext context, int statusCode, string code, string message)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = ODataJson.ContentType;
        var ids = RequestIds.Get(context);
        // Written whole with a Content-Length: small, and readable by clients that do not parse chunks.
        var body = new ArrayBufferWriter<byte>(256);
        using var writer = new Utf8JsonWriter(body, new JsonWriterOptions { Encoder = ODataJson.Options.Encoder });
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("code", code);
        writer.WriteString("message", message);
        writer.WriteStartObject("innerError");
        writer.WriteString("date", DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
        writer.WriteString("request-id", ids.RequestId);
        writer.WriteString("client-request-id", ids.ClientRequestId);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
        response.ContentLength = body.WrittenCount;
        await response.Body.WriteAsync(body.WrittenMemory, context.RequestAborted);
    }

    /// <summary>The code Graph uses for a status when nothing more specific is known.</summary>
    public static (string Code, string Message) DefaultFor(HttpContext context, int statusCode) => statusCode switch
    {
        400 => ("BadRequest", "The request is malformed or incorrect."),
        401 => ("InvalidAuthenticationToken", "Access token is empty."),
        403 => ("ErrorAccessDenied", "Access is denied. Check credentials and try again."),
        404 => ("NotFound", $"Resource not found for the segment '{LastSegment(context)}'."),
        405 => ("MethodNotAllowed", $"The HTTP method '{context.Request.Method}' is not allowed for this resource."),
        408 => ("RequestTimeout", "The request timed out."),
        411 => ("LengthRequired", "The request must carry a Content-Length or a chunked body."),
        412 => ("PreconditionFailed", "The resource has changed since it was last read."),
        413 => ("RequestEntityTooLarge", "The request body is larger than the service accepts."),
        415 => ("UnsupportedMediaType", "The content type of the request is not supported."),
        429 => ("TooManyRequests", "Too many requests. Retry after the time in the Retry-After header."),
        431 => ("RequestHeaderFieldsTooLarge", "The request headers are too large."),
        >= 500 => ("generalException", "An unexpected error occurred."),
        _ => ("BadRequest", "The request could not be processed."),
    };

    private static string LastSegment(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var trimmed = path.TrimEnd('/');
        var segment = trimmed[(trimmed.LastIndexOf('/') + 1)..];
        return ClientText.Echo(segment, 64);
    }
}
