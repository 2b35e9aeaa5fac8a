using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ProfilePhotos.Hosting;

public static class OpenApiSetup
{
    /// <summary>
    /// The OpenAPI document of the whole surface. Path segments such as <c>{user}</c> or
    /// <c>{contact}</c> are read once by the request's object path rather than bound to handler
    /// parameters, so the generator would leave them out; every templated segment is declared here.
    /// </summary>
    public static IServiceCollection AddGraphOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddOperationTransformer(DeclarePathParameters));

    private static Task DeclarePathParameters(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var declared = operation.Parameters?.Where(p => p.In == ParameterLocation.Path).Select(p => p.Name).ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var segment in (context.Description.RelativePath ?? "").Split('/'))
        {
            if (segment is ['{', .. var name, '}'] && declared.Add(name))
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = name,
                    In = ParameterLocation.Path,
                    Required = true,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
            }
        }

        return Task.CompletedTask;
    }
}
