namespace ProfilePhotos.Tests.Infrastructure;

/// <summary>
/// The service on a real socket (a free loopback port), started, for tests that need what only a
/// socket shows: raw HTTP, connection reuse, clients in other processes. One per test class.
/// </summary>
public class KestrelFixture : ServiceFixture
{
    public KestrelFixture()
        : this(https: false)
    {
    }

    /// <summary>Over HTTPS with the self-signed certificate the service makes in its data directory.</summary>
    protected KestrelFixture(bool https)
        : base(https ? [new("Https:Enabled", "true"), new("urls", "https://127.0.0.1:0")] : [])
    {
        if (https)
        {
            UseKestrel(); // the addresses come from the urls setting
        }
        else
        {
            UseKestrel(0);
        }

        StartServer();
    }
}

/// <summary>The service over HTTPS on a real socket, as the README sets it up for the SDKs.</summary>
public sealed class HttpsKestrelFixture() : KestrelFixture(https: true);
