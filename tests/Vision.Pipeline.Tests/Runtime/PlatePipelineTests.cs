using OpenCvSharp;
using Vision.Domain.Plates;
using Vision.Domain.Plates.Consensus;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.Inference;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Plates.Consensus;
using Vision.Pipeline.Plates.Localization;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.Tracking;

namespace Vision.Pipeline.Tests.Runtime;

/// <summary>Plates read inside the camera pipeline, on confirmed vehicle tracks, agreed across frames.</summary>
[Collection(DetectorCollection.Name)]
public sealed class PlatePipelineTests(DetectorFixture fixture)
{
    [Theory]
    [InlineData(PlateGrammarMode.Vietnamese, "30F-217.17", "30G-705.16")]
    [InlineData(PlateGrammarMode.Generic, "30F21717", "30G70516")] // a camera abroad: no Vietnamese formatting
    public async Task Pipeline_ReadsEachCarsPlateOnItsTrack_AndRaisesTheWatchlistHitOnce(PlateGrammarMode grammar, string first, string second)
    {
        using var textDetector = new TextRegionDetector(new TextRegionDetectorOptions(), TestAssets.ModelDirectory);
        using var firstReader = new FastPlateOcrReader(TestAssets.Model("fast_plate_ocr_cct_xs_v1_global.onnx"), new InferenceOptions());
        using var secondReader = new PaddleTextRecognizer(
            TestAssets.Model("ppocr/ch_PP-OCRv4_rec_infer.onnx"), TestAssets.Model("ppocr/ppocr_keys_v1.txt"), new InferenceOptions());
        var watchlist = new Watchlist([new WatchlistEntry("30F-217.17", "stolen", "reported 2026-11-20")]);
        var reader = new PlateCropReader(firstReader, grammar == PlateGrammarMode.Vietnamese ? secondReader : null, new PlateCropReaderOptions { Grammar = grammar });
        var stage = new PlateStage(new TextPlateLocator(textDetector), reader, watchlist,
            new PlateStageOptions { MinimumTrackHits = 2, FramesBetweenReads = 1 }.WithGrammar(grammar), fixture.Standard.Classes);
        var recorder = new RecordingConsumer();
        using var metrics = new PipelineMetrics();
        var camera = new CameraPipeline(new CameraDefinition { Id = "plates", Name = "plates", ExpectedFramesPerSecond = 10 },
            fixture.Standard, new TrackerOptions(), metrics, [recorder], stage);
        using var events = camera.Events.Subscribe();
        var running = camera.RunAsync(CancellationToken.None);

        foreach (var (jpeg, sequence) in CarsDrivingSlowlyLeft(frames: 10).Select((jpeg, i) => (jpeg, (long)i)))
        {
            await camera.IngestAsync(new EncodedFrame("plates", sequence, ClipReplay.ReplayStart.AddMilliseconds(100 * sequence), jpeg), CancellationToken.None);
        }

        camera.CompleteIngest();
        await running;

        var last = recorder.Results[^1];
        Assert.True(last.Plates.Count > 0, string.Join("; ", last.Tracks.Select(t => $"{t.TrackId} {t.State} {t.Family} hits {t.Hits} {t.Box}")));
        var texts = last.Plates.Select(p => p.Consensus.FormattedText).Order().ToList();
        Assert.Equal([first, second], texts);
        Assert.All(last.Plates, plate =>
        {
            var track = Assert.Single(last.Tracks, t => t.TrackId == plate.TrackId);
            Assert.Equal(ClassFamily.Vehicle, track.Family);
            Assert.True(plate.Consensus.SupportingReads >= 3, $"{plate.Consensus.Text}: {plate.Consensus.SupportingReads} reads");
            Assert.False(plate.Consensus.BestObservation.CropJpeg.IsEmpty);
            Assert.True(plate.Consensus.IsValidPlate);
            Assert.Equal(plate.Consensus.Text.Length, plate.Consensus.CharacterConfidences.Count);
            Assert.All(plate.Consensus.CharacterConfidences, confidence => Assert.InRange(confidence, 0.5f, 1f));
            Assert.Equal(plate.Consensus.Text.Length, plate.Consensus.BestObservation.Read.CharacterConfidences.Count);
            // What found and read it, as a violation on this track will name them.
            Assert.Equal([textDetector.Model, firstReader.Model], plate.Models.Take(2));
        });
        var hits = new List<WatchlistHitEvent>();
        while (events.Reader.TryRead(out var cameraEvent))
        {
            if (cameraEvent is WatchlistHitEvent hit)
            {
                hits.Add(hit);
            }
        }

        var raised = Assert.Single(hits);
        Assert.Equal(("30F21717", "stolen"), (raised.Hit.ReadCharacters, raised.Hit.Entry.Reason));
        Assert.Equal(last.Plates.Single(p => p.Consensus.Text == "30F21717").TrackId, raised.TrackId);
    }

    [Fact]
    public async Task On1080pFrames_TheDetectorSeesAReducedDecode_AndPlatesAreReadAsFromAFullDecode()
    {
        using var textDetector = new TextRegionDetector(new TextRegionDetectorOptions(), TestAssets.ModelDirectory);
        using var firstReader = new FastPlateOcrReader(TestAssets.Model("fast_plate_ocr_cct_xs_v1_global.onnx"));
        PlateStage NewStage() => new(new TextPlateLocator(textDetector), new PlateCropReader(firstReader, null, new PlateCropReaderOptions()),
            null, new PlateStageOptions { MinimumTrackHits = 2, FramesBetweenReads = 1 }, fixture.Standard.Classes);
        var frames = CarsDrivingSlowlyLeft(frames: 8).Select(To1080p).ToList();
        var recorder = new RecordingConsumer();
        var seen = new DecodedSizes();
        using var metrics = new PipelineMetrics();
        var camera = new CameraPipeline(new CameraDefinition { Id = "plates-1080p", Name = "plates 1080p", ExpectedFramesPerSecond = 10 },
            fixture.Standard, new TrackerOptions(), metrics, [recorder, seen], NewStage());
        var running = camera.RunAsync(CancellationToken.None);
        for (var sequence = 0; sequence < frames.Count; sequence++)
        {
            await camera.IngestAsync(new EncodedFrame(camera.Id, sequence, ClipReplay.ReplayStart.AddMilliseconds(100 * sequence), frames[sequence]), CancellationToken.None);
        }

        camera.CompleteIngest();
        await running;

        // The detector saw libjpeg's reduced decode (1/4 of 1920×1080 still covers YOLOX's 416 canvas)…
        Assert.All(seen.Widths, width => Assert.Equal(480, width));
        // …and the plates are exactly those a stage reading full decodes of the same frames, with the same tracks, finds.
        var fullDecodeStage = NewStage();
        IReadOnlyList<TrackPlate> expected = [];
        foreach (var result in recorder.Results)
        {
            using var full = Cv2.ImDecode(frames[(int)result.Sequence], ImreadModes.Color);
            expected = fullDecodeStage.Process(full, result.Tracks, result.Sequence, result.CapturedAt).Plates;
        }

        var actual = recorder.Results[^1].Plates;
        Assert.NotEmpty(actual);
        Assert.Equal(expected.Select(p => (p.TrackId, p.Consensus.Text, p.Consensus.SupportingReads)), actual.Select(p => (p.TrackId, p.Consensus.Text, p.Consensus.SupportingReads)));
        Assert.Equal(expected.Select(p => p.Consensus.BestObservation.CropJpeg.ToArray()), actual.Select(p => p.Consensus.BestObservation.CropJpeg.ToArray()));
    }

    private static byte[] To1080p(byte[] jpeg)
    {
        using var image = Cv2.ImDecode(jpeg, ImreadModes.Color);
        using var large = new Mat();
        Cv2.Resize(image, large, new Size(1920, 1080), 0, 0, InterpolationFlags.Cubic);
        Cv2.ImEncode(".jpg", large, out var encoded, [(int)ImwriteFlags.JpegQuality, 92]);
        return encoded;
    }

    private sealed class DecodedSizes : IFrameResultConsumer
    {
        public List<int> Widths { get; } = [];

        public void Consume(FrameResult result, FramePixels pixels) => Widths.Add(pixels.Bgr.Width);
    }

    /// <summary>vn_cars_4.jpg shifted a little further left in each frame, as a camera would see the cars move.</summary>
    private static IEnumerable<byte[]> CarsDrivingSlowlyLeft(int frames)
    {
        using var photo = TestAssets.SampleImage("images/vn_cars_4.jpg");
        using var moved = new Mat();
        for (var i = 0; i < frames; i++)
        {
            using var shift = new Mat(2, 3, MatType.CV_64FC1, Scalar.All(0));
            shift.Set(0, 0, 1.0);
            shift.Set(0, 2, -3.0 * i);
            shift.Set(1, 1, 1.0);
            Cv2.WarpAffine(photo, moved, shift, photo.Size(), InterpolationFlags.Linear, BorderTypes.Replicate);
            Cv2.ImEncode(".jpg", moved, out var jpeg, [(int)ImwriteFlags.JpegQuality, 92]);
            yield return jpeg;
        }
    }
}
