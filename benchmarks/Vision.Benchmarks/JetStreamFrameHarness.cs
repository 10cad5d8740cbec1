using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Net;
using OpenCvSharp;
using Vision.Pipeline.Tests.Support;
using Vision.Service.Cluster;
using Vision.Service.Tests.Support;

namespace Vision.Benchmarks;

/// <summary>
/// 1080p JPEG camera frames through JetStream as cluster mode moves them, on a nats-server -js started here (file
/// storage in the temp folder): publishers wait for each frame's stored acknowledgement before the next (as the
/// ingest stream does before it acknowledges the gateway), with 1 and 6 cameras at once; then each camera's frames are
/// read by the owning node's <see cref="CameraFrameFeed"/> (its own connection, pulls bounded in bytes, in order) and
/// each is acknowledged. Prints frames/s and MiB/s for both.
/// </summary>
public static class JetStreamFrameHarness
{
    private const int MaxFramesInFlight = 32;
    private const int PullBytes = 16 * 1024 * 1024;

    public static async Task RunAsync(int framesPerCamera, TextWriter output)
    {
        var jpeg = FullHdFrame();
        output.WriteLine($"frame: 1920x1080 JPEG (quality 90) of street_00001_ppvehicle.jpg, {jpeg.Length / 1024.0:F0} KiB; {framesPerCamera} frames per camera; "
                         + $"pulls of {PullBytes / (1024 * 1024)} MiB, {MaxFramesInFlight} frames in flight per camera");
        await using var server = await NatsServerProcess.StartAsync(CancellationToken.None);
        await using var nats = new NatsConnection(new NatsOpts { Url = server.Url });
        var js = nats.CreateJetStreamContext();
        await js.CreateStreamAsync(new StreamConfig(ClusterNames.FramesStream, [ClusterNames.FramesSubjectPrefix + ">"])
        {
            Storage = StreamConfigStorage.File,
            Discard = StreamConfigDiscard.Old,
            MaxMsgsPerSubject = framesPerCamera,
            DuplicateWindow = TimeSpan.FromMinutes(1),
        });
        foreach (var cameras in new[] { 1, 6 })
        {
            var ids = Enumerable.Range(1, cameras).Select(i => $"bench-{cameras}-cam-{i}").ToList();
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(ids.Select(camera => Task.Run(async () =>
            {
                var start = DateTimeOffset.UtcNow;
                for (var sequence = 0L; sequence < framesPerCamera; sequence++)
                {
                    var ack = await js.PublishAsync(ClusterNames.FrameSubject(camera), jpeg,
                        opts: new NatsJSPubOpts { MsgId = FrameMessage.MessageId(camera, sequence) },
                        headers: FrameMessage.Headers(sequence, start.AddMilliseconds(100 * sequence)));
                    ack.EnsureSuccess();
                }
            })));
            Report(output, $"publish, {cameras} camera(s), each frame acknowledged as stored", cameras * framesPerCamera, jpeg.Length, clock.Elapsed);

            clock.Restart();
            await Task.WhenAll(ids.Select(camera => Task.Run(() => ConsumeAsync(server.Url, camera, framesPerCamera))));
            Report(output, $"consume in order, {cameras} camera(s), each frame acknowledged", cameras * framesPerCamera, jpeg.Length, clock.Elapsed);
        }
    }

    private static async Task ConsumeAsync(string url, string camera, int frames)
    {
        await using var feed = new CameraFrameFeed(new NatsConnection(new NatsOpts { Url = url, Name = "bench-" + camera }), camera,
            MaxFramesInFlight, PullBytes, NullLogger.Instance);
        using var done = new CancellationTokenSource();
        var expected = 0L;
        try
        {
            await feed.ConsumeAsync(async (message, _) =>
            {
                var frame = FrameMessage.Read(camera, message.Headers, message.Data) ?? throw new InvalidOperationException("malformed frame");
                if (frame.Sequence != expected++)
                {
                    throw new InvalidOperationException($"{camera}: frame {frame.Sequence} where {expected - 1} was due");
                }

                await message.AckAsync(cancellationToken: CancellationToken.None);
                if (expected == frames)
                {
                    await done.CancelAsync();
                }
            }, done.Token);
        }
        catch (OperationCanceledException) when (done.IsCancellationRequested)
        {
        }
    }

    private static byte[] FullHdFrame()
    {
        using var photo = Cv2.ImRead(TestAssets.Sample("images/street_00001_ppvehicle.jpg"));
        using var fullHd = new Mat();
        Cv2.Resize(photo, fullHd, new Size(1920, 1080), interpolation: InterpolationFlags.Cubic);
        Cv2.ImEncode(".jpg", fullHd, out var jpeg, [(int)ImwriteFlags.JpegQuality, 90]);
        return jpeg;
    }

    private static void Report(TextWriter output, string what, int frames, int frameBytes, TimeSpan elapsed) =>
        output.WriteLine($"{what}: {frames} frames in {elapsed.TotalSeconds:F2} s = {frames / elapsed.TotalSeconds:F0} frames/s, "
                         + $"{frames * (double)frameBytes / elapsed.TotalSeconds / (1024 * 1024):F0} MiB/s");
}
