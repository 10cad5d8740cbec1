using Vision.Pipeline.Tests.Support;
using Vision.Service.Tests.Support;

namespace Vision.Service.Tests.Plates;

/// <summary><c>vision plates read</c> and <c>vision plates evaluate</c>, run as a user runs them.</summary>
public sealed class PlatesCommandTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("vision-plates-cli-");

    [Fact]
    public async Task Read_prints_the_plate_as_written_with_each_characters_confidence_and_both_readers()
    {
        var (exitCode, output) = await RunAsync("plates", "read", TestAssets.Sample("plates/vn_crops/3CarLongPlate941.jpg"),
            "--models", TestAssets.ModelDirectory);

        Assert.True(exitCode == 0, output);
        Assert.Contains("51F-356.13  valid", output);
        Assert.Matches(@"\[5:\d\.\d\d 1:\d\.\d\d F:", output);
        Assert.Contains("ch_PP-OCRv4_rec_infer", output);
    }

    [Fact]
    public async Task Evaluate_reports_exact_character_and_valid_rates_speed_and_confusions()
    {
        var labels = Path.Combine(_root.FullName, "labels.tsv");
        await File.WriteAllLinesAsync(labels,
        [
            "# five plates from vn_crops: four Vietnamese, one Czech",
            "3CarLongPlate941.jpg\t51F-356.13",
            "12xemay1241.jpg\t86-C1 072.61",
            "5xemay2106.jpg\t59-C1 428.18",
            "iwt7118.jpg\t4B86157",
            "6xemay451.jpg\t83-H6 6954",
        ]);

        var (exitCode, output) = await RunAsync("plates", "evaluate", "--images", Path.GetDirectoryName(TestAssets.Sample("plates/vn_crops/labels.tsv"))!,
            "--labels", labels, "--models", TestAssets.ModelDirectory, "--misses");

        Assert.True(exitCode == 0, output);
        Assert.Contains("5 plates, PlateCrops, Vietnamese grammar (valid from 0.50), second opinion on", output);
        // The four Vietnamese plates are read exactly and valid. The Czech one, read by the Vietnamese reader (foreign
        // plates are the generic grammar's reader's), comes out one letter off and, fitting no Vietnamese form, invalid.
        Assert.Matches(@"exact +80\.0 %  \(4\)", output);
        Assert.Matches(@"exact and valid +80\.0 %  \(4\)", output);
        Assert.Matches(@"character +97\.1 %", output);
        Assert.Matches(@"valid +80\.0 %  \(4; 0 valid but wrong\)", output);
        Assert.Contains("iwt7118.jpg: expected 4B86157, read 4BB6157 (invalid:", output);
        Assert.Matches(@"plates/s +\d+\.\d", output);
    }

    [Fact]
    public async Task Evaluate_shrunk_reads_the_crops_as_a_distant_camera_records_them_one_line_per_height()
    {
        var labels = Path.Combine(_root.FullName, "labels.tsv");
        await File.WriteAllLinesAsync(labels, ["12xemay1241.jpg\t86-C1 072.61", "6xemay451.jpg\t83-H6 6954", "iwt7118.jpg\t4B86157"]);

        var (exitCode, output) = await RunAsync("plates", "evaluate", "--images", Path.GetDirectoryName(TestAssets.Sample("plates/vn_crops/labels.tsv"))!,
            "--labels", labels, "--models", TestAssets.ModelDirectory, "--second-opinion", "off", "--plate-format-labels",
            "--reader-model", "fast_plate_ocr_cct_xs_v1_global.onnx", "--shrink-to", "12,40");

        Assert.True(exitCode == 0, output);
        // The Czech plate is left out; read as is, both Vietnamese plates are exact.
        Assert.Contains("2 plates, PlateCrops, Vietnamese grammar (valid from 0.50), second opinion off, reader fast_plate_ocr_cct_xs_v1_global.onnx", output);
        Assert.Matches(@"exact +100\.0 %  \(2\)", output);
        Assert.Matches(@"\n +12 px +\d+\.\d %", output);
        Assert.Matches(@"\n +40 px +\d+\.\d %", output);
        var (refused, why) = await RunAsync("plates", "evaluate", "--images", _root.FullName, "--labels", labels, "--shrink-to", "twenty");
        Assert.Equal(2, refused);
        Assert.Contains("--shrink-to takes heights in pixels", why);
    }

    [Fact]
    public async Task Evaluate_with_a_street_camera_adds_a_line_per_height_with_its_effects()
    {
        var labels = Path.Combine(_root.FullName, "labels.tsv");
        await File.WriteAllLinesAsync(labels, ["12xemay1241.jpg\t86-C1 072.61", "6xemay451.jpg\t83-H6 6954"]);

        var (exitCode, output) = await RunAsync("plates", "evaluate", "--images", Path.GetDirectoryName(TestAssets.Sample("plates/vn_crops/labels.tsv"))!,
            "--labels", labels, "--models", TestAssets.ModelDirectory, "--second-opinion", "off", "--shrink-to", "24", "--street-camera");

        Assert.True(exitCode == 0, output);
        Assert.Contains("(* with a street camera's effects)", output);
        Assert.Contains("reader vision_vn_plates_v3.onnx, up to 36 px vision_vn_small_plates_v2.onnx in 5 views", output);
        Assert.Matches(@"\n +24 px +\d+\.\d %", output);
        Assert.Matches(@"\n +24 px\* *\d+\.\d %", output);
        var (refused, why) = await RunAsync("plates", "evaluate", "--images", _root.FullName, "--labels", labels, "--street-camera");
        Assert.Equal(2, refused);
        Assert.Contains("give --shrink-to too", why);
    }

    [Fact]
    public async Task Evaluate_reads_small_plates_in_as_many_views_as_asked()
    {
        var labels = Path.Combine(_root.FullName, "labels.tsv");
        await File.WriteAllLinesAsync(labels, ["12xemay1241.jpg\t86-C1 072.61"]);

        var (exitCode, output) = await RunAsync("plates", "evaluate", "--images", Path.GetDirectoryName(TestAssets.Sample("plates/vn_crops/labels.tsv"))!,
            "--labels", labels, "--models", TestAssets.ModelDirectory, "--second-opinion", "off", "--small-plate-views", "1");

        Assert.True(exitCode == 0, output);
        Assert.Contains("reader vision_vn_plates_v3.onnx, up to 36 px vision_vn_small_plates_v2.onnx\n", output.ReplaceLineEndings("\n"));
        foreach (var views in new[] { "0", "6", "five" })
        {
            var (refused, why) = await RunAsync("plates", "evaluate", "--images", _root.FullName, "--labels", labels, "--small-plate-views", views);
            Assert.Equal(2, refused);
            Assert.Contains("--small-plate-views takes a number from 1 to 5.", why);
        }
    }

    [Fact]
    public async Task Evaluate_without_labels_says_what_is_missing()
    {
        var (exitCode, output) = await RunAsync("plates", "evaluate", "--images", _root.FullName);

        Assert.Equal(2, exitCode);
        Assert.Contains("--labels FILE.tsv", output);
    }

    public void Dispose() => _root.Delete(recursive: true);

    private static Task<(int ExitCode, string Output)> RunAsync(params string[] arguments) => VisionCli.RunAsync(null, arguments);
}
