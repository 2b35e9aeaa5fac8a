using Microsoft.AspNetCore.Diagnostics;

namespace ProfilePhotos.Graph;

/// <summary>Turns every exception into Graph's envelope; nothing else writes error bodies for exceptions.</summary>
public sealed partial class GraphExceptionHandler(ILogger<GraphExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.Response.HasStarted)
        {
            return false;
        }

        switch (exception)
        {
            case GraphException graph:
                if (graph.CloseConnection)
                {
                    httpContext.Response.Headers.Connection = "close";
                }

                await GraphErrorWriter.WriteAsync(httpContext, graph.Error);
                return true;
            case BadHttpRequestException bad:
                // Kestrel and the framework's own refusals: body too large, bad framing, slow client.
                await GraphErrorWriter.WriteAsync(httpContext, GraphError.ForStatus(httpContext, bad.StatusCode));
                return true;
            case OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested:
                return true;
            default:
                LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
                await GraphErrorWriter.WriteAsync(httpContext, GraphError.ForStatus(httpContext, 500));
                return true;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, PathString path);
}
