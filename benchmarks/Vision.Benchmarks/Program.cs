using BenchmarkDotNet.Running;
using Vision.Benchmarks;

// dotnet run -c Release --project benchmarks/Vision.Benchmarks -- throughput [seconds-per-measurement]
// dotnet run -c Release --project benchmarks/Vision.Benchmarks -- pipeline [frames]
// dotnet run -c Release --project benchmarks/Vision.Benchmarks -- plates        (reading accuracy on the labelled crops)
// dotnet run -c Release --project benchmarks/Vision.Benchmarks -- plates-e2e    (find + read on openalpr_us photos)
// dotnet run -c Release --project benchmarks/Vision.Benchmarks -- triage [runs] (12 MP citizen photo triage, per-stage latency)
// dotnet run -c Release --project benchmarks/Vision.Benchmarks -- evidence [packages]  (time to build one evidence package)
// dotnet run -c Release --project benchmarks/Vision.Benchmarks -- store [seconds-per-measurement]   (SQLite and PostgreSQL)
// dotnet run -c Release --project benchmarks/Vision.Benchmarks -- riders        (rear-view motorbike recall and cost per stream resolution)
// dotnet run -c Release --project benchmarks/Vision.Benchmarks -- load [seconds-per-level]   (the service under concurrent photo calls)
// dotnet run -c Release --project benchmarks/Vision.Benchmarks -- decode [frames]   (1080p JPEG decode ms, full vs reduced)
// dotnet run -c Release --project benchmarks/Vision.Benchmarks -- city [cameras] [seconds]  (1080p cameras at 10 fps through the live ingest; VISION_* settings in CityHarness)
// dotnet run -c Release --project benchmarks/Vision.Benchmarks -- jetstream [frames]   (1080p JPEG frames through the cluster's frame stream)
// dotnet run -c Release --project benchmarks/Vision.Benchmarks -- --filter '*'
if (args.Length > 0 && args[0] == "decode")
{
    DecodeHarness.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100, Console.Out);
    return;
}

if (args.Length > 0 && args[0] == "city")
{
    await CityHarness.RunAsync(CitySettings.From(args), Console.Out);
    return;
}

if (args.Length > 0 && args[0] == "riders")
{
    RiderRecallHarness.Run(Console.Out);
    return;
}

if (args.Length > 0 && args[0] == "load")
{
    await LoadHarness.RunAsync(TimeSpan.FromSeconds(args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20), Console.Out);
    return;
}

if (args.Length > 0 && args[0] == "triage-memory")
{
    await TriageMemoryHarness.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2, args.Length > 2 ? args[2..] : [], Console.Out);
    return;
}

if (args.Length > 0 && args[0] == "triage")
{
    await PhotoTriageHarness.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5, Console.Out);
    return;
}

if (args.Length > 0 && args[0] == "evidence")
{
    await EvidenceHarness.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10, Console.Out);
    return;
}

if (args.Length > 0 && args[0] == "plates")
{
    PlateAccuracyHarness.Run(Console.Out);
    return;
}

if (args.Length > 0 && args[0] == "plates-e2e")
{
    PlateEndToEndHarness.Run(Console.Out, secondOpinion: args.Length > 1 && args[1] == "second-opinion");
    return;
}

if (args.Length > 0 && args[0] == "pipeline")
{
    await PipelineHarness.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 400, Console.Out);
    return;
}

if (args.Length > 0 && args[0] == "store")
{
    await StoreHarness.RunAsync(TimeSpan.FromSeconds(args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5), Console.Out);
    return;
}

if (args.Length > 0 && args[0] == "jetstream")
{
    await JetStreamFrameHarness.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 600, Console.Out);
    return;
}

if (args.Length > 0 && args[0] == "feeding")
{
    var seconds = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
    FeedingHarness.Run(TimeSpan.FromSeconds(seconds), Console.Out);
    return;
}

if (args.Length > 0 && args[0] == "throughput")
{
    var seconds = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
    ThroughputHarness.Run(TimeSpan.FromSeconds(seconds), Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
