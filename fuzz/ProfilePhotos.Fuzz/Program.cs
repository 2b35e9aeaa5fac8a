using MsOptions = Microsoft.Extensions.Options.Options;
using ProfilePhotos.Graph;
using ProfilePhotos.Imaging;
using SharpFuzz;

// The upload path from the bytes on: format sniffing, the header checks and the pipeline, as a
// PUT runs them. A refusal (a Graph error with a 4xx status) is the right answer to a bad image;
// any other exception, a hang or a crash of the process is a finding.
//
//   dotnet ProfilePhotos.Fuzz.dll                 under afl-fuzz (fuzz/run.sh): one input per run on stdin
//   dotnet ProfilePhotos.Fuzz.dll --replay PATH   each file under PATH once, reporting what each one does
// Instrumented code may only run once the fuzzer has set up its coverage map, that is inside
// the target: so the pipeline (and libvips' configuration) is made on the first input.
PhotoPipeline? pipeline = null;

if (args is ["--replay", var path])
{
    var files = Directory.Exists(path) ? Directory.GetFiles(path) : [path];
    var findings = 0;
    foreach (var file in files.Order(StringComparer.Ordinal))
    {
        try
        {
            Console.WriteLine($"{Path.GetFileName(file)}: {Upload(File.ReadAllBytes(file))}");
        }
        catch (Exception ex)
        {
            findings++;
            Console.WriteLine($"{Path.GetFileName(file)}: FINDING {ex.GetType().Name}: {ex.Message}");
        }
    }

    return findings == 0 ? 0 : 1;
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    Upload(buffer.ToArray());
});
return 0;

string Upload(byte[] bytes)
{
    try
    {
        if (pipeline is null)
        {
            VipsSetup.EnsureConfigured();
            pipeline = new PhotoPipeline(MsOptions.Create(new ImagingOptions()));
        }

        var photo = pipeline.ProcessAsync(bytes, CancellationToken.None).GetAwaiter().GetResult();
        return $"stored, {photo.Width}x{photo.Height}, {photo.Renditions.Count} sizes";
    }
    catch (GraphException refusal) when (refusal.Error.Status is >= 400 and < 500)
    {
        return $"refused {refusal.Error.Status} {refusal.Error.Code}";
    }
}
