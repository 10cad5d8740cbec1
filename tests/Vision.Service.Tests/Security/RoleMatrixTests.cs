using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Vision.Contracts.V1;
using Vision.Service.Security;
using Vision.Service.Tests.Review;
using Vision.Service.Tests.Support;

namespace Vision.Service.Tests.Security;

/// <summary>
/// Every RPC of vision.v1 against every role (and a caller without credentials on loopback, which holds the embedded
/// default's machine roles): allowed calls reach the service, the others end with PERMISSION_DENIED ROLE_NOT_ALLOWED.
/// The table below is the specification; an RPC missing from it fails the test.
/// </summary>
[Collection(ReviewServiceCollection.Name)]
public sealed class RoleMatrixTests(ReviewServiceFixture service)
{
    private const string Camera = "hue-le-loi-1";
    private const string Loopback = "loopback (no credentials)";

    private static readonly string[] Readers = [VisionRoles.Officer, VisionRoles.Supervisor, VisionRoles.Auditor];
    private static readonly string[] Machines = [VisionRoles.CameraGateway, VisionRoles.ReportBackend];

    private static readonly Dictionary<string, (string[] Allowed, Func<GrpcChannel, Task> Call)> Matrix = new()
    {
        ["vision.v1.PhotoAnalysis/AnalyzePhoto"] = ([VisionRoles.ReportBackend, Loopback],
            c => new PhotoAnalysis.PhotoAnalysisClient(c).AnalyzePhotoAsync(new AnalyzePhotoRequest()).ResponseAsync),
        ["vision.v1.PhotoAnalysis/TriagePhoto"] = ([VisionRoles.ReportBackend, Loopback],
            c => new PhotoAnalysis.PhotoAnalysisClient(c).TriagePhotoAsync(new TriagePhotoRequest()).ResponseAsync),
        ["vision.v1.CameraIngest/Stream"] = ([VisionRoles.CameraGateway, Loopback], OpenIngestStreamAsync),
        ["vision.v1.Evidence/VerifyPackage"] = ([.. Readers, VisionRoles.ReportBackend, Loopback],
            c => new Contracts.V1.Evidence.EvidenceClient(c).VerifyPackageAsync(new VerifyPackageRequest { PackageId = "x" }).ResponseAsync),
        ["vision.v1.Evidence/GetPublicKey"] = ([.. VisionRoles.All, Loopback],
            c => new Contracts.V1.Evidence.EvidenceClient(c).GetPublicKeyAsync(new GetPublicKeyRequest()).ResponseAsync),
        ["vision.v1.Review/ListViolations"] = (Readers,
            c => new Contracts.V1.Review.ReviewClient(c).ListViolationsAsync(new ListViolationsRequest { PageSize = 1 }).ResponseAsync),
        ["vision.v1.Review/GetViolation"] = (Readers,
            c => new Contracts.V1.Review.ReviewClient(c).GetViolationAsync(new GetViolationRequest { Id = "no-such-violation" }).ResponseAsync),
        ["vision.v1.Review/GetEvidenceFile"] = (Readers, async c =>
        {
            using var call = new Contracts.V1.Review.ReviewClient(c).GetEvidenceFile(new GetEvidenceFileRequest { PackageId = "x", FileName = "../x" });
            await call.ResponseStream.MoveNext(CancellationToken.None);
        }),
        ["vision.v1.Review/Decide"] = ([VisionRoles.Officer, VisionRoles.Supervisor],
            c => new Contracts.V1.Review.ReviewClient(c).DecideAsync(new DecideRequest { ViolationId = "no-such-violation" }).ResponseAsync),
        ["vision.v1.Review/RetryDelivery"] = ([VisionRoles.Supervisor],
            c => new Contracts.V1.Review.ReviewClient(c).RetryDeliveryAsync(new RetryDeliveryRequest { ViolationId = "no-such-violation" }).ResponseAsync),
        ["vision.v1.Review/CloseCase"] = ([VisionRoles.Supervisor],
            c => new Contracts.V1.Review.ReviewClient(c).CloseCaseAsync(new CloseCaseRequest { ViolationId = "no-such-violation" }).ResponseAsync),
        ["vision.v1.Alerts/Subscribe"] = (Readers, async c =>
        {
            using var call = new Alerts.AlertsClient(c).Subscribe(new SubscribeAlertsRequest { FromPosition = -1 });
            await call.ResponseStream.MoveNext(CancellationToken.None);
        }),
        ["vision.v1.Statistics/GetStatistics"] = ([VisionRoles.Officer, VisionRoles.Supervisor, VisionRoles.Administrator, VisionRoles.ReportBackend, VisionRoles.Auditor, Loopback],
            c => new Statistics.StatisticsClient(c).GetStatisticsAsync(new StatisticsRequest()).ResponseAsync),
        ["vision.v1.Statistics/ExportStatisticsCsv"] = ([VisionRoles.Officer, VisionRoles.Supervisor, VisionRoles.Administrator, VisionRoles.ReportBackend, VisionRoles.Auditor, Loopback],
            c => new Statistics.StatisticsClient(c).ExportStatisticsCsvAsync(new StatisticsRequest()).ResponseAsync),
    };

    public static TheoryData<string> Rpcs() => [.. Matrix.Keys];

    [Fact]
    public void TheMatrix_CoversEveryRpcOfEveryVisionService()
    {
        var declared = typeof(PhotoAnalysis).Assembly.GetTypes()
            .Where(t => t.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null))
            .OfType<FileDescriptor>()
            .SelectMany(file => file.Services)
            .SelectMany(s => s.Methods.Select(m => $"{s.FullName}/{m.Name}"))
            .Order(StringComparer.Ordinal);

        Assert.Equal(declared, Matrix.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Rpcs))]
    public async Task EveryRole_IsAllowedOrRefused_AsDeclared(string rpc)
    {
        var (allowed, call) = Matrix[rpc];
        foreach (var role in VisionRoles.All.Append(Loopback))
        {
            using var channel = role == Loopback
                ? service.AnonymousChannel()
                : CredentialHandler.BearerChannel(service.Address, service.Issuer.IssueWithClaims(new Dictionary<string, object>
                {
                    ["sub"] = "matrix-" + role, ["preferred_username"] = "matrix-" + role, ["roles"] = new[] { role }, ["cameras"] = new[] { Camera },
                }));
            var outcome = await OutcomeAsync(() => call(channel));

            if (allowed.Contains(role))
            {
                Assert.True(outcome is not (StatusCode.PermissionDenied or StatusCode.Unauthenticated), $"{role} must reach {rpc}, got {outcome}.");
            }
            else
            {
                Assert.True(outcome == StatusCode.PermissionDenied, $"{role} must be refused {rpc}, got {outcome}.");
            }
        }
    }

    [Fact]
    public async Task ARefusedRole_GetsTheRolesTheRpcAllows_InTheErrorDetails()
    {
        using var channel = service.ChannelFor("auditor-1", VisionRoles.Auditor);
        var refused = await Assert.ThrowsAsync<RpcException>(() => new Contracts.V1.Review.ReviewClient(channel)
            .DecideAsync(new DecideRequest { ViolationId = "no-such-violation" }).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        var info = refused.GetRpcStatus()!.Details.Single(d => d.Is(ErrorInfo.Descriptor)).Unpack<ErrorInfo>();
        Assert.Equal(("vision.v1", "ROLE_NOT_ALLOWED"), (info.Domain, info.Reason));
        Assert.Equal("officer,supervisor", info.Metadata["allowed_roles"]);
        Assert.Equal("auditor-1", info.Metadata["identity"]);
    }

    [Fact]
    public async Task HealthAndReflection_AnswerAnyone()
    {
        using var channel = service.AnonymousChannel();
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    private static async Task OpenIngestStreamAsync(GrpcChannel channel)
    {
        using var call = new CameraIngest.CameraIngestClient(channel).Stream();
        try
        {
            await call.RequestStream.WriteAsync(new IngestRequest { Open = new StreamOpen { CameraId = Camera } });
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The server may refuse the call before the request is written (a slow or loaded client): its answer, read
            // below, is the outcome, not the write cut short.
        }

        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
        }
    }

    private static async Task<StatusCode> OutcomeAsync(Func<Task> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException error)
        {
            return error.StatusCode;
        }
    }
}
