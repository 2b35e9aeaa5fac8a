using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace ProfilePhotos.Graph;

/// <summary>Writes Graph's error envelope: the only place an error body is produced, for a response or a batch answer.</summary>
public static class GraphErrorWriter
{
    public static async Task WriteAsync(HttpContext context, GraphError error)
    {
        var response = context.Response;
        response.StatusCode = error.Status;
        response.ContentType = ODataJson.ContentType;
        // Written whole with a Content-Length: small, and readable by clients that do not parse chunks.
        var body = Envelope(error, RequestIds.Get(context));
        response.ContentLength = body.WrittenCount;
        await response.Body.WriteAsync(body.WrittenMemory, context.RequestAborted);
    }

    /// <summary>The envelope as a JSON value, for an answer inside a batch.</summary>
    public static JsonElement ToJson(GraphError error, RequestIds ids)
    {
        var body = Envelope(error, ids);
        using var document = JsonDocument.Parse(body.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static ArrayBufferWriter<byte> Envelope(GraphError error, RequestIds ids)
    {
        var body = new ArrayBufferWriter<byte>(256);
        using var writer = new Utf8JsonWriter(body, new JsonWriterOptions { Encoder = ODataJson.Options.Encoder });
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("code", error.Code);
        writer.WriteString("message", error.Message);
        writer.WriteStartObject("innerError");
        writer.WriteString("date", DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
        writer.WriteString("request-id", ids.RequestId);
        writer.WriteString("client-request-id", ids.ClientRequestId);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
        return body;
    }
}
