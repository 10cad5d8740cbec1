using Vision.Service.Hosting;

await VisionApp.Build(args).RunAsync();
