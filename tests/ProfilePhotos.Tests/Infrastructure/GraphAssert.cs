using System.Net;
using System.Text.Json;

namespace ProfilePhotos.Tests.Infrastructure;

public static class GraphAssert
{
    /// <summary>The answer is Graph's error envelope with this status and code, correlated with the response headers.</summary>
    public static async Task<JsonElement> ErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status} {code}, got {(int)response.StatusCode}: {text}");
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = JsonDocument.Parse(text).RootElement.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        var inner = error.GetProperty("innerError");
        Assert.Equal(response.Headers.GetValues("request-id").Single(), inner.GetProperty("request-id").GetString());
        Assert.Equal(response.Headers.GetValues("client-request-id").Single(), inner.GetProperty("client-request-id").GetString());
        Assert.True(DateTime.TryParse(inner.GetProperty("date").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
        return error;
    }

    public static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
