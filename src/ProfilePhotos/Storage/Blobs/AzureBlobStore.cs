using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace ProfilePhotos.Storage.Blobs;

/// <summary>
/// Blobs in an Azure Blob Storage container (or Azurite), named <c>ab/abcdef....jpg</c>. An
/// upload either creates the whole blob or nothing; its Last-Modified time is what the collector's
/// grace period is measured from.
/// </summary>
public sealed class AzureBlobStore : IBlobStore
{
    public const string ConnectionStringName = "AzureBlob";
    private const string Extension = ".jpg";
    private readonly BlobContainerClient container;
    private readonly Lazy<Task> created;

    public AzureBlobStore(string connectionString, string containerName)
    {
        container = new BlobContainerClient(connectionString, containerName);
        created = new Lazy<Task>(() => container.CreateIfNotExistsAsync());
    }

    public async Task PutAsync(BlobName name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        await created.Value;
        var blob = container.GetBlobClient(PathOf(name));
        try
        {
            // Create, never overwrite: a name is written once, and a blob is never changed in place.
            await blob.UploadAsync(BinaryData.FromBytes(content), new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "image/jpeg" },
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            }, cancellationToken);
        }
        catch (RequestFailedException exists) when (exists.Status is 409 or 412)
        {
            // The client retried a write that had succeeded: the blob is there, whole.
        }
    }

    public async Task<Stream?> OpenReadAsync(BlobName name, CancellationToken cancellationToken)
    {
        try
        {
            var download = await container.GetBlobClient(PathOf(name)).DownloadStreamingAsync(cancellationToken: cancellationToken);
            return download.Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task<bool> ExistsAsync(BlobName name, CancellationToken cancellationToken)
    {
        try
        {
            return await container.GetBlobClient(PathOf(name)).ExistsAsync(cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    public async Task DeleteAsync(BlobName name, CancellationToken cancellationToken)
    {
        try
        {
            await container.GetBlobClient(PathOf(name)).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // The container itself is gone: so is the blob.
        }
    }

    public async IAsyncEnumerable<BlobEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await created.Value;
        await foreach (var item in container.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            var file = item.Name[(item.Name.LastIndexOf('/') + 1)..];
            if (file.EndsWith(Extension, StringComparison.Ordinal) && BlobName.TryParse(file[..^Extension.Length], out var name))
            {
                yield return new BlobEntry(name, item.Properties.LastModified ?? DateTimeOffset.MinValue);
            }
        }
    }

    private static string PathOf(BlobName name)
    {
        var text = name.ToString();
        return $"{text[..2]}/{text}{Extension}";
    }
}
