using Vision.Cli.Plates;

// vision-plates read|evaluate ...: what `vision plates` runs (see PlatesCommand.Usage). A tool of its own, because it
// loads the models and their native libraries, which the rest of the command line never needs.
try
{
    return PlatesCommand.Run(args, Console.Out, Console.Error, CancellationToken.None);
}
catch (Exception error) when (error is not OutOfMemoryException)
{
    Console.Error.WriteLine($"vision plates: {error.Message}");
    return 1;
}
