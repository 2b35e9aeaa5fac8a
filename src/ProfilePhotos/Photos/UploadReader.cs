using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using ProfilePhotos.Graph;

namespace ProfilePhotos.Photos;

/// <summary>
/// Reads a photo upload under the size limit, enforced while reading: a larger body is never
/// held whole. What is over the limit is read and discarded up to a bound so that the client
/// gets its 413 instead of a reset connection.
/// </summary>
public static class UploadReader
{
    public static void CheckContentType(HttpRequest request)
    {
        if (request.ContentType is null)
        {
            return;
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !(type.MediaType.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase)
                 || type.MediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase)))
        {
            throw new GraphException(StatusCodes.Status415UnsupportedMediaType, "UnsupportedMediaType",
                $"The content type '{ClientText.Echo(request.ContentType)}' is not accepted for a photo; send image/* or application/octet-stream.");
        }
    }

    public static async Task<byte[]> ReadAsync(HttpContext context, PhotoOptions options)
    {
        var request = context.Request;
        var limit = options.MaxUploadBytes;
        if (request.ContentLength > options.MaxDiscardBytes)
        {
            throw TooLarge(limit, closeConnection: true);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            // Kestrel's own limit would cut the discard short with a 413 of its own.
            bodyLimit.MaxRequestBodySize = options.MaxDiscardBytes;
        }

        // One byte past the limit is enough to know the body is too large.
        var capacity = limit + 1;
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(capacity, request.ContentLength + 1 ?? 64 * 1024));
        try
        {
            var length = 0;
            while (true)
            {
                var window = (int)Math.Min(buffer.Length, capacity);
                if (length == window)
                {
                    if (length >= capacity)
                    {
                        break;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(capacity, (long)buffer.Length * 2));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                    continue;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length, window - length), context.RequestAborted);
                if (read == 0)
                {
                    return buffer.AsSpan(0, length).ToArray();
                }

                length += read;
            }

            await DiscardRestAsync(context, length, options);
            throw TooLarge(limit, closeConnection: false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task DiscardRestAsync(HttpContext context, long alreadyRead, PhotoOptions options)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var total = alreadyRead;
            int read;
            while ((read = await context.Request.Body.ReadAsync(scratch, context.RequestAborted)) > 0)
            {
                total += read;
                if (total > options.MaxDiscardBytes)
                {
                    throw TooLarge(options.MaxUploadBytes, closeConnection: true);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static GraphException TooLarge(long limit, bool closeConnection) =>
        new(StatusCodes.Status413PayloadTooLarge, "RequestEntityTooLarge", $"The photo is larger than the {limit:N0} bytes this service accepts.")
        {
            CloseConnection = closeConnection,
        };
}
