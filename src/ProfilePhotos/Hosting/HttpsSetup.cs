using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ProfilePhotos.Hosting;

/// <summary>The <c>Https</c> section (<c>--https</c> sets <c>Https:Enabled</c>).</summary>
public sealed class HttpsSettings
{
    public const string Section = "Https";

    [Setting("Serve HTTPS too (--https); with no --urls, on http://localhost:5000 and https://localhost:5001.")]
    public bool Enabled { get; set; }

    [Setting("A PKCS#12 (.pfx) certificate. Unset: a self-signed certificate for localhost, 127.0.0.1 and ::1 is made in https/localhost.pfx "
        + "in the data directory, with its public part in localhost.crt for clients to trust (the log names it).")]
    public string? CertificatePath { get; set; }

    [Setting("The password of that certificate.")]
    public string? CertificatePassword { get; set; }
}

public static partial class HttpsSetup
{
    public const string Flag = "--https";
    private const string DefaultUrls = "http://localhost:5000;https://localhost:5001";

    /// <summary>Turns the <c>--https</c> flag into its setting.</summary>
    public static string[] ExpandFlag(string[] args) =>
        args.Select(a => a == Flag ? "--Https:Enabled=true" : a).ToArray();

    /// <summary>
    /// Serves HTTPS when asked: with the configured certificate, or else with a self-signed
    /// localhost certificate kept in the data directory (created once, reused after) whose
    /// public part the log names, for the client to trust.
    /// </summary>
    public static WebApplicationBuilder ServeHttpsWhenAsked(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(HttpsSettings.Section).Get<HttpsSettings>() ?? new HttpsSettings();
        if (settings.Enabled && string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrls.Split(';'));
        }

        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var https = context.Configuration.GetSection(HttpsSettings.Section).Get<HttpsSettings>() ?? new HttpsSettings();
            if (!https.Enabled)
            {
                return;
            }

            var certificate = https.CertificatePath is { Length: > 0 } path
                ? X509CertificateLoader.LoadPkcs12FromFile(path, https.CertificatePassword)
                : LocalhostCertificate(context.Configuration, kestrel.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("ProfilePhotos.Https"));
            kestrel.ConfigureHttpsDefaults(defaults => defaults.ServerCertificate = certificate);
        });
        return builder;
    }

    private static X509Certificate2 LocalhostCertificate(IConfiguration configuration, ILogger logger)
    {
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var directory = Path.Combine(storage.FullDataDirectory, "https");
        var pfx = Path.Combine(directory, "localhost.pfx");
        var crt = Path.Combine(directory, "localhost.crt");
        if (!File.Exists(pfx))
        {
            Directory.CreateDirectory(directory);
            using var created = CreateSelfSigned();
            File.WriteAllBytes(pfx, created.Export(X509ContentType.Pkcs12));
            File.WriteAllText(crt, created.ExportCertificatePem());
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(pfx, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        var certificate = X509CertificateLoader.LoadPkcs12FromFile(pfx, null);
        LogCertificate(logger, crt, certificate.Thumbprint);
        return certificate;
    }

    private static X509Certificate2 CreateSelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "HTTPS uses a self-signed certificate for localhost (thumbprint {Thumbprint}). Trust it in your client: {CertificateFile}")]
    private static partial void LogCertificate(ILogger logger, string certificateFile, string thumbprint);
}
