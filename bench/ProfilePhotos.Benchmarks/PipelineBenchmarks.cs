using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using Microsoft.Extensions.Options;
using ProfilePhotos.Imaging;

BenchmarkRunner.Run<PipelineBenchmarks>(args: args);

/// <summary>
/// Decode once and make every size, the work a PUT does, without HTTP or storage: the floor an
/// upload's latency is compared with. The image is the one the benchmark script uploads
/// (PROFILEPHOTOS_BENCH_IMAGE).
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private PhotoPipeline pipeline = null!;
    private byte[] upload = [];

    [GlobalSetup]
    public void Setup()
    {
        var path = Environment.GetEnvironmentVariable("PROFILEPHOTOS_BENCH_IMAGE")
            ?? throw new InvalidOperationException("Set PROFILEPHOTOS_BENCH_IMAGE to the JPEG to process.");
        upload = File.ReadAllBytes(path);
        pipeline = new PhotoPipeline(Options.Create(new ImagingOptions()));
    }

    [Benchmark]
    public Task<ProcessedPhoto> DecodeAndMakeEverySize() => pipeline.ProcessAsync(upload, CancellationToken.None);
}
