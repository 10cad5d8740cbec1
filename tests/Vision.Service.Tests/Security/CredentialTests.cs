using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using Vision.Contracts.V1;
using Vision.Pipeline.Tests.Support;
using Vision.Service.Security;
using Vision.Service.Tests.Review;
using Vision.Service.Tests.Support;
using Vision.Storage.Accounts;
using Vision.Storage.Tests.Support;

namespace Vision.Service.Tests.Security;

/// <summary>Bearer tokens from the identity provider and API keys from the store, against the real service.</summary>
[Collection(ReviewServiceCollection.Name)]
public sealed class CredentialTests(ReviewServiceFixture service)
{
    private const string Camera = "hue-le-loi-1";

    private ApiKeyStore Keys => service.Services.GetRequiredService<ApiKeyStore>();

    public static TheoryData<string, string> RefusedTokens() => new()
    {
        { "expired", "TOKEN_EXPIRED" },
        { "forged", "TOKEN_INVALID_SIGNATURE" },
        { "wrong audience", "TOKEN_WRONG_AUDIENCE" },
        { "not a token", "TOKEN_MALFORMED" },
    };

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task ARefusedToken_IsUnauthenticated_WithTheReason(string kind, string reason)
    {
        var token = kind switch
        {
            "expired" => service.Issuer.IssueExpired("csgt-hue-017", VisionRoles.Officer),
            "forged" => service.Issuer.IssueForged("csgt-hue-017", VisionRoles.Officer),
            "wrong audience" => service.Issuer.IssueForAudience("another-app", "csgt-hue-017", VisionRoles.Officer),
            _ => "not-a-jwt",
        };
        using var channel = CredentialHandler.BearerChannel(service.Address, token);

        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            new Contracts.V1.Review.ReviewClient(channel).ListViolationsAsync(new ListViolationsRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Equal(reason, Reason(refused));
    }

    [Fact]
    public async Task AValidTokenWithoutAVisionRole_IsPermissionDenied()
    {
        using var channel = service.ChannelFor("citizen-1", "offline_access", "uma_authorization");
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            new Contracts.V1.Review.ReviewClient(channel).ListViolationsAsync(new ListViolationsRequest()).ResponseAsync);
        Assert.Equal((StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED"), (refused.StatusCode, Reason(refused)));
    }

    [Theory]
    [InlineData("an.nguyen@hue.gov.vn", "an.nguyen@hue.gov.vn", 7101)] // Entra ID's preferred_username, a Keycloak realm logging in by e-mail
    [InlineData("", "kc-entra-2", 7102)] // no name: the subject names the officer
    [InlineData("Nguyễn An", "kc-entra-2", 7103)]
    public async Task AnOfficerTokenNamedByEmail_OrByNoValidName_DecidesUnderThatNameOrItsSubject(string preferredUsername, string decidedBy, long trackId)
    {
        var candidate = ViolationSamples.Candidate(trackId, DateTimeOffset.UtcNow.AddMinutes(-5));
        await service.Services.GetRequiredService<Vision.Domain.Violations.IViolationRecorder>().RecordAsync(candidate, null, CancellationToken.None);
        var token = service.Issuer.IssueWithClaims(new Dictionary<string, object>
        {
            ["sub"] = "kc-entra-2", ["preferred_username"] = preferredUsername, ["roles"] = new[] { VisionRoles.Officer },
        });
        using var channel = CredentialHandler.BearerChannel(service.Address, token);

        var decided = await new Contracts.V1.Review.ReviewClient(channel).DecideAsync(new DecideRequest
        {
            ViolationId = candidate.Id, ExpectedVersion = 1, Outcome = Contracts.V1.ReviewStatus.Confirmed,
        });

        Assert.Equal(decidedBy, decided.Decision.OfficerId);
    }

    [Fact]
    public async Task KeycloakRealmRoles_AreNotReadFromTheDefaultClaim_SoTheyGrantNothing()
    {
        var token = service.Issuer.IssueWithClaims(new Dictionary<string, object>
        {
            ["sub"] = "kc-1", ["preferred_username"] = "kc-1", ["realm_access"] = new Dictionary<string, object> { ["roles"] = new[] { VisionRoles.Officer } },
        });
        using var channel = CredentialHandler.BearerChannel(service.Address, token);
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            new Contracts.V1.Review.ReviewClient(channel).ListViolationsAsync(new ListViolationsRequest()).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
    }

    [Fact]
    public async Task AGatewayKey_StreamsItsCamera_AndIsRefusedAnotherWithTheCameraInTheDetails()
    {
        var (_, secret) = await Keys.AddAsync("gateway Lê Lợi", VisionRoles.CameraGateway, [Camera], CancellationToken.None);
        using var channel = CredentialHandler.ApiKeyChannel(service.Address, secret);

        await using (var gateway = await GatewayClient.OpenAsync(channel, Camera))
        {
            await gateway.FinishAsync();
        }

        var refused = await Assert.ThrowsAsync<RpcException>(() => IngestOpening.OpenAsync(channel, "hue-hung-vuong-2"));
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        var info = ErrorInfoOf(refused);
        Assert.Equal(("CAMERA_NOT_PERMITTED", "hue-hung-vuong-2"), (info.Reason, info.Metadata["camera_id"]));
        Assert.StartsWith("key:", info.Metadata["identity"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AGatewayTokenWhoseCameraListHoldsAStar_StreamsNoCamera()
    {
        // An identity provider's mapper can put "*" in a claim; only the loopback caller holds every camera.
        var token = service.Issuer.IssueWithClaims(new Dictionary<string, object>
        {
            ["sub"] = "gw-star", ["preferred_username"] = "gw-star", ["roles"] = new[] { VisionRoles.CameraGateway }, ["cameras"] = new[] { "*" },
        });
        using var channel = CredentialHandler.BearerChannel(service.Address, token);

        var refused = await Assert.ThrowsAsync<RpcException>(() => IngestOpening.OpenAsync(channel, Camera));

        Assert.Equal((StatusCode.PermissionDenied, "CAMERA_NOT_PERMITTED"), (refused.StatusCode, Reason(refused)));
    }

    [Fact]
    public async Task ARevokedKey_IsRefusedOnItsNextCall_WithoutARestart_AndItsReplacementWorks()
    {
        var (old, oldSecret) = await Keys.AddAsync("Hue-S report backend", VisionRoles.ReportBackend, [], CancellationToken.None);
        using var oldChannel = CredentialHandler.ApiKeyChannel(service.Address, oldSecret);
        var statistics = new Statistics.StatisticsClient(oldChannel);
        await statistics.GetStatisticsAsync(new StatisticsRequest { From = Timestamp(-1), To = Timestamp(0) });

        var (_, newSecret) = await Keys.AddAsync("Hue-S report backend (2027)", VisionRoles.ReportBackend, [], CancellationToken.None);
        Assert.True(await Keys.RevokeAsync(old.Id, CancellationToken.None));

        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            statistics.GetStatisticsAsync(new StatisticsRequest { From = Timestamp(-1), To = Timestamp(0) }).ResponseAsync);
        Assert.Equal((StatusCode.Unauthenticated, "API_KEY_INVALID"), (refused.StatusCode, Reason(refused)));
        using var newChannel = CredentialHandler.ApiKeyChannel(service.Address, newSecret);
        await new Statistics.StatisticsClient(newChannel).GetStatisticsAsync(new StatisticsRequest { From = Timestamp(-1), To = Timestamp(0) });
    }

    [Fact]
    public async Task KeysAddedAndRevokedWithTheCommandLine_TakeEffectOnTheRunningService()
    {
        var store = Path.Combine(service.Folder, "vision.db");
        var (exitCode, output) = await VisionCli.RunAsync(null, "keys", "add", "--name", "gateway Hùng Vương", "--role", "camera-gateway",
            "--camera", Camera, "--sqlite", store);
        Assert.True(exitCode == 0, output);
        var secret = output.Split('\n').Single(l => l.StartsWith("key:", StringComparison.Ordinal))["key:".Length..].Trim();
        var id = output.Split('\n').Single(l => l.StartsWith("key id:", StringComparison.Ordinal))["key id:".Length..].Trim();
        using var channel = CredentialHandler.ApiKeyChannel(service.Address, secret);
        await using (var gateway = await GatewayClient.OpenAsync(channel, Camera))
        {
            await gateway.FinishAsync();
        }

        Assert.Equal(0, (await VisionCli.RunAsync(null, "keys", "revoke", id, "--sqlite", store)).ExitCode);

        var refused = await Assert.ThrowsAsync<RpcException>(() => IngestOpening.OpenAsync(channel, Camera));
        Assert.Equal((StatusCode.Unauthenticated, "API_KEY_INVALID"), (refused.StatusCode, Reason(refused)));
        Assert.Equal(2, (await VisionCli.RunAsync(null, "keys", "add", "--name", "officer key", "--role", "officer", "--sqlite", store)).ExitCode);
        Assert.Equal(2, (await VisionCli.RunAsync(null, "keys", "add", "--name", "no cameras", "--role", "camera-gateway", "--sqlite", store)).ExitCode);
        // Camera ids are lowercase, without ':': a key for "Hue-Le-Loi-1" could never stream.
        var (noSuchCamera, message) = await VisionCli.RunAsync(null, "keys", "add", "--name", "typo", "--role", "camera-gateway",
            "--camera", "Hue-Le-Loi-1", "--sqlite", store);
        Assert.Equal(2, noSuchCamera);
        Assert.Contains("'Hue-Le-Loi-1' is no camera id", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeyRevokedWhileItsIngestStreamIsOpen_EndsTheStream_Unauthenticated()
    {
        var (key, secret) = await Keys.AddAsync("gateway Lê Lợi (stolen)", VisionRoles.CameraGateway, [Camera], CancellationToken.None);
        using var channel = CredentialHandler.ApiKeyChannel(service.Address, secret);
        await using var gateway = await GatewayClient.OpenAsync(channel, Camera);
        await gateway.SendAsync(0);
        Assert.True(await Keys.RevokeAsync(key.Id, CancellationToken.None));

        // The gateway goes on sending, as one whose key leaked would.
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        for (var sequence = 1; !gateway.Ended.IsCompleted && !bound.IsCancellationRequested; sequence++)
        {
            try
            {
                await gateway.SendAsync(sequence);
                await Task.Delay(200, bound.Token);
            }
            catch (RpcException)
            {
                // The server ended the call while this frame was written (the answer may still be on its way): how it
                // ended is read below. Filtered on the answer having arrived, this failed the test now and then in CI.
                break;
            }
            catch (OperationCanceledException) when (bound.IsCancellationRequested)
            {
            }
        }

        var ended = await Assert.ThrowsAsync<RpcException>(() => gateway.Ended.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal((StatusCode.Unauthenticated, "CREDENTIAL_ENDED"), (ended.StatusCode, Reason(ended)));
    }

    [Fact]
    public async Task AKeyRevokedWhileItsIngestStreamIsOpenButIdle_EndsTheStream_Unauthenticated()
    {
        // A gateway holding its stream open without sending (its camera off at night) kept it, and its status updates,
        // for ever after its key was revoked: the credential was checked only when a frame came.
        var (key, secret) = await Keys.AddAsync("gateway Lê Lợi (idle)", VisionRoles.CameraGateway, [Camera], CancellationToken.None);
        using var channel = CredentialHandler.ApiKeyChannel(service.Address, secret);
        await using var gateway = await GatewayClient.OpenAsync(channel, Camera);
        await gateway.SendAsync(0);
        Assert.True(await Keys.RevokeAsync(key.Id, CancellationToken.None));

        var ended = await Assert.ThrowsAsync<RpcException>(() => gateway.Ended.WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.Equal((StatusCode.Unauthenticated, "CREDENTIAL_ENDED"), (ended.StatusCode, Reason(ended)));
    }

    [Fact]
    public async Task AnAlertStream_EndsWhenItsTokenExpires()
    {
        // Accepted while valid; the stream ends when a new call with the token would be refused (exp plus the clock
        // skew), not at exp, or a client reconnecting with it is admitted and cut off again.
        var expires = DateTimeOffset.UtcNow.AddSeconds(3);
        var token = service.Issuer.IssueExpiringAt(expires, "csgt-hue-017", VisionRoles.Officer);
        using var channel = CredentialHandler.BearerChannel(service.Address, token);
        using var call = new Alerts.AlertsClient(channel).Subscribe(new SubscribeAlertsRequest());
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var ended = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext(bound.Token))
            {
            }
        });

        Assert.Equal((StatusCode.Unauthenticated, "CREDENTIAL_ENDED"), (ended.StatusCode, Reason(ended)));
        // exp is in whole seconds, so the token may end up to a second before `expires`.
        Assert.True(DateTimeOffset.UtcNow >= expires + TestTokenIssuer.ClockSkew - TimeSpan.FromSeconds(1),
            $"The stream ended {(DateTimeOffset.UtcNow - expires).TotalSeconds:F1} s after the token's exp, within the clock skew of {TestTokenIssuer.ClockSkew.TotalSeconds} s.");
    }

    [Fact]
    public async Task TheStoreKeepsOnlyTheKeysHash()
    {
        var (key, secret) = await Keys.AddAsync("hash check", VisionRoles.ReportBackend, [], CancellationToken.None);
        var database = service.Services.GetRequiredService<Vision.Storage.ViolationDatabase>();
        await using var connection = await database.OpenAsync(CancellationToken.None);
        var stored = await Dapper.SqlMapper.QuerySingleAsync<string>(connection, "SELECT secret_sha256 || name || role || cameras FROM api_keys WHERE id = @Id", new { key.Id });
        Assert.DoesNotContain(secret[("vk_" + key.Id + "_").Length..], stored, StringComparison.Ordinal);
        Assert.Null(await Keys.AuthenticateAsync(secret[..^1] + (secret[^1] == 'A' ? 'B' : 'A'), CancellationToken.None));
        Assert.Equal(key.Id, (await Keys.AuthenticateAsync(secret, CancellationToken.None))!.Id);
    }

    private static Google.Protobuf.WellKnownTypes.Timestamp Timestamp(int days) =>
        Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero).AddDays(days));

    private static ErrorInfo ErrorInfoOf(RpcException error) => error.GetRpcStatus()!.Details.Single(d => d.Is(ErrorInfo.Descriptor)).Unpack<ErrorInfo>();

    private static string Reason(RpcException error) => ErrorInfoOf(error).Reason;
}
