using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace ProfilePhotos.Graph;

/// <summary>
/// <c>POST /v1.0/$batch</c>: up to 20 requests in one, each run through the rest of the pipeline
/// on its own (its own authentication, authorization and errors, with the batch's token), in
/// order, honouring <c>dependsOn</c> (424 when a dependency failed).
/// </summary>
public sealed class GraphBatching(RequestDelegate next)
{
    public const int MaxRequests = 20;
    private const string BatchPath = "/v1.0/$batch";

    /// <summary>Every other request passes straight through, without a state machine of its own.</summary>
    public Task InvokeAsync(HttpContext context) =>
        context.Request.Path.Equals(BatchPath, StringComparison.OrdinalIgnoreCase) ? BatchAsync(context) : next(context);

    private async Task BatchAsync(HttpContext context)
    {
        var ids = RequestIds.Get(context);
        context.Response.Headers["request-id"] = ids.RequestId;
        context.Response.Headers["client-request-id"] = ids.ClientRequestId;
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await GraphErrorWriter.WriteAsync(context, new GraphError(405, "MethodNotAllowed", "A batch is sent with POST."));
            return;
        }

        BatchRequestBody? batch;
        try
        {
            batch = await JsonSerializer.DeserializeAsync<BatchRequestBody>(context.Request.Body, ODataJson.Options, context.RequestAborted);
        }
        catch (JsonException)
        {
            await GraphErrorWriter.WriteAsync(context, GraphError.BadRequest("The batch is not valid JSON of the shape {\"requests\":[...]}."));
            return;
        }

        if (Validate(batch?.Requests) is { } problem)
        {
            await GraphErrorWriter.WriteAsync(context, GraphError.BadRequest(problem));
            return;
        }

        var responses = new List<BatchResponseItem>();
        foreach (var item in batch!.Requests!)
        {
            var failed = item.DependsOn?.FirstOrDefault(d => responses.Single(r => r.Id == d).Status is < 200 or >= 300);
            responses.Add(failed is not null
                ? Error(ids, item.Id!, new GraphError(StatusCodes.Status424FailedDependency, "FailedDependency", $"The request depends on '{ClientText.Echo(failed)}', which failed."))
                : await RunAsync(context, item));
        }

        context.Response.StatusCode = 200;
        await context.Response.WriteAsJsonAsync(new BatchResponseBody(responses), ODataJson.Options, ODataJson.ContentType, context.RequestAborted);
    }

    private static string? Validate(List<BatchRequestItem>? requests)
    {
        if (requests is null || requests.Count == 0)
        {
            return "The batch has no requests.";
        }

        if (requests.Count > MaxRequests)
        {
            return $"The batch has {requests.Count} requests; at most {MaxRequests} are allowed.";
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in requests)
        {
            if (string.IsNullOrWhiteSpace(item.Id) || string.IsNullOrWhiteSpace(item.Method) || string.IsNullOrWhiteSpace(item.Url))
            {
                return "Every request of a batch needs an id, a method and a url.";
            }

            if (item.DependsOn?.FirstOrDefault(d => !seen.Contains(d)) is { } unknown)
            {
                return $"Request '{ClientText.Echo(item.Id)}' depends on '{ClientText.Echo(unknown)}', which is not an earlier request of the batch.";
            }

            if (!seen.Add(item.Id))
            {
                return $"The id '{ClientText.Echo(item.Id)}' is used by more than one request of the batch.";
            }
        }

        return null;
    }

    private async Task<BatchResponseItem> RunAsync(HttpContext outer, BatchRequestItem item)
    {
        if (!TryTarget(item.Url!, out var path, out var query))
        {
            return Error(RequestIds.Get(outer), item.Id!, GraphError.BadRequest("The url of a batch request is relative to /v1.0, such as /users/{id}."));
        }

        var inner = new DefaultHttpContext { RequestServices = outer.RequestServices };
        var response = new BatchResponseFeature();
        var body = new MemoryStream();
        inner.Features.Set<IHttpResponseFeature>(response);
        inner.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(body));
        inner.Features.Set<IHttpRequestLifetimeFeature>(new HttpRequestLifetimeFeature { RequestAborted = outer.RequestAborted });
        var request = inner.Request;
        request.Method = item.Method!.ToUpperInvariant();
        request.Scheme = outer.Request.Scheme;
        request.Host = outer.Request.Host;
        request.PathBase = outer.Request.PathBase;
        request.Path = path;
        request.QueryString = query;
        foreach (var (name, value) in item.Headers ?? [])
        {
            request.Headers[name] = value;
        }

        // Each request is authorized on its own, with the batch's own credentials.
        request.Headers.Authorization = outer.Request.Headers.Authorization;
        if (!TryBody(item, request, out var problem))
        {
            return Error(RequestIds.Get(outer), item.Id!, GraphError.BadRequest(problem));
        }

        await next(inner);
        await response.StartAsync();
        return new BatchResponseItem(item.Id!, inner.Response.StatusCode, Headers(inner.Response), Content(inner.Response, body.ToArray()));
    }

    /// <summary>JSON bodies travel as JSON; any other body (an image) as standard base64.</summary>
    private static bool TryBody(BatchRequestItem item, HttpRequest request, out string problem)
    {
        problem = "";
        if (item.Body is not { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } body)
        {
            return true;
        }

        request.ContentType ??= "application/json";
        byte[] bytes;
        if (request.ContentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            bytes = Encoding.UTF8.GetBytes(body.GetRawText());
        }
        else if (body.ValueKind != JsonValueKind.String || !body.TryGetBytesFromBase64(out bytes!))
        {
            problem = $"The body of request '{ClientText.Echo(item.Id!)}' is not JSON, so it must be a base64 string.";
            return false;
        }

        request.Body = new MemoryStream(bytes);
        request.ContentLength = bytes.Length;
        return true;
    }

    private static bool TryTarget(string url, out PathString path, out QueryString query)
    {
        path = default;
        query = default;
        if (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            url = absolute.PathAndQuery.StartsWith("/v1.0/", StringComparison.OrdinalIgnoreCase) ? absolute.PathAndQuery[5..] : "";
        }

        if (url.Length == 0 || url.Contains("://", StringComparison.Ordinal) || url.TrimStart('/').StartsWith("$batch", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var question = url.IndexOf('?', StringComparison.Ordinal);
        var pathPart = question < 0 ? url : url[..question];
        path = new PathString("/v1.0" + (pathPart.StartsWith('/') ? pathPart : "/" + pathPart));
        query = question < 0 ? QueryString.Empty : new QueryString(url[question..]);
        return true;
    }

    private static Dictionary<string, string> Headers(HttpResponse response) =>
        response.Headers.Where(h => h.Key is not ("Content-Length" or "Transfer-Encoding" or "Connection"))
            .ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);

    private static object? Content(HttpResponse response, byte[] body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        return response.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true
            ? JsonDocument.Parse(body).RootElement.Clone()
            : Convert.ToBase64String(body);
    }

    /// <summary>An answer the batch itself gives for one of its requests, in the same envelope as every other error.</summary>
    private static BatchResponseItem Error(RequestIds ids, string id, GraphError error) =>
        new(id, error.Status, new Dictionary<string, string> { ["Content-Type"] = ODataJson.ContentType }, GraphErrorWriter.ToJson(error, ids));

    /// <summary>A response that runs its OnStarting callbacks when asked: headers set there are part of each answer.</summary>
    private sealed class BatchResponseFeature : HttpResponseFeature
    {
        private readonly List<(Func<object, Task> Callback, object State)> starting = [];

        public override void OnStarting(Func<object, Task> callback, object state) => starting.Add((callback, state));

        public override void OnCompleted(Func<object, Task> callback, object state)
        {
        }

        public async Task StartAsync()
        {
            for (var i = starting.Count - 1; i >= 0; i--)
            {
                await starting[i].Callback(starting[i].State);
            }

            starting.Clear();
        }
    }
}
