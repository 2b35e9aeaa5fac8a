namespace ProfilePhotos.Graph;

public static class GraphConventions
{
    public static IServiceCollection AddGraphConventions(this IServiceCollection services)
    {
        services.AddExceptionHandler<GraphExceptionHandler>();
        services.AddProblemDetails();
        return services;
    }

    /// <summary>
    /// Correlation headers and <c>OData-Version</c> on every response, and the envelope for every
    /// error whatever produced it: exceptions, unknown routes (404), wrong methods (405), and the
    /// framework's own refusals.
    /// </summary>
    public static IApplicationBuilder UseGraphConventions(this IApplicationBuilder app)
    {
        app.Use(static (context, next) =>
        {
            var ids = RequestIds.Get(context);
            context.Response.OnStarting(static state =>
            {
                var (ctx, ids) = ((HttpContext, RequestIds))state;
                var headers = ctx.Response.Headers;
                headers["request-id"] = ids.RequestId;
                headers["client-request-id"] = ids.ClientRequestId;
                if (ctx.Response.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
                {
                    headers["OData-Version"] = "4.0";
                }

                return Task.CompletedTask;
            }, (context, ids));
            return next(context);
        });
        app.UseExceptionHandler();
        app.UseStatusCodePages(static async statusContext =>
        {
            var context = statusContext.HttpContext;
            await GraphErrorWriter.WriteAsync(context, GraphError.ForStatus(context, context.Response.StatusCode));
        });
        return app;
    }
}
