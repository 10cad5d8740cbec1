using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Vision.Storage.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL server from Debian's <c>postgresql</c> package: <c>initdb</c> in a temporary folder, started
/// with <c>pg_ctl</c> on a free loopback port, stopped and deleted on dispose. PostgreSQL refuses to run as root, so
/// under root the cluster belongs to the <c>postgres</c> system user (commands run through <c>runuser</c>).
/// </summary>
public sealed class TemporaryPostgresCluster : IAsyncDisposable
{
    private const string SuperUser = "vision";
    private readonly string _binDirectory;
    private readonly string? _runAs;

    private TemporaryPostgresCluster(string binDirectory, string root, int port, string? runAs)
    {
        _binDirectory = binDirectory;
        Root = root;
        Port = port;
        _runAs = runAs;
    }

    public string Root { get; }

    public int Port { get; }

    private string DataDirectory => Path.Combine(Root, "data");

    /// <param name="durable">False turns fsync off (fast tests); true keeps PostgreSQL's crash-safe defaults (benchmarks).</param>
    public static async Task<TemporaryPostgresCluster> StartAsync(bool durable, CancellationToken cancellationToken)
    {
        var binDirectory = FindBinDirectory();
        var root = Path.Combine(Path.GetTempPath(), "vision-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var runAs = Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root" ? "postgres" : null;
        if (runAs is not null)
        {
            await RunAsync("chown", ["-R", runAs, root], null, cancellationToken);
        }

        var cluster = new TemporaryPostgresCluster(binDirectory, root, FreePort(), runAs);
        await cluster.ToolAsync("initdb", ["-D", cluster.DataDirectory, "-U", SuperUser, "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"], cancellationToken);
        string[] settings =
        [
            "-p", cluster.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-k", root, "-c", "listen_addresses=127.0.0.1",
            "-c", "max_connections=200", "-c", "shared_buffers=128MB", .. durable ? Array.Empty<string>() : ["-c", "fsync=off", "-c", "synchronous_commit=off"],
        ];
        await cluster.ToolAsync("pg_ctl", ["-D", cluster.DataDirectory, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "-o", string.Join(' ', settings), "start"], cancellationToken);
        return cluster;
    }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Database = database,
        Pooling = true,
        MaxPoolSize = 50,
    }.ToString();

    /// <summary>A new empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await ToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], CancellationToken.None);
        }
        finally
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    private Task ToolAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_binDirectory, tool);
        return _runAs is null
            ? RunAsync(path, arguments, Root, cancellationToken)
            : RunAsync("runuser", ["-u", _runAs, "--", path, .. arguments], Root, cancellationToken);
    }

    private static async Task RunAsync(string fileName, IReadOnlyList<string> arguments, string? workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} exited {process.ExitCode}: {await output}{await error}");
        }
    }

    private static string FindBinDirectory()
    {
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).ToList()
            : [];
        return candidates.FirstOrDefault()
            ?? throw new InvalidOperationException("PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: install Debian's postgresql package (./setup.sh does).");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
