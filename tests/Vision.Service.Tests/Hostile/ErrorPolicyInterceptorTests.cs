using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Vision.Service.Grpc;
using Vision.Service.Grpc.Errors;
using Vision.Service.Tests.Support;

namespace Vision.Service.Tests.Hostile;

public sealed class ErrorPolicyInterceptorTests
{
    [Fact]
    public async Task AnUnexpectedException_IsInternal_WithAnErrorIdThatIsLogged()
    {
        var log = new CollectingLogger();
        var interceptor = new ErrorPolicyInterceptor(log);

        var error = await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler<string, string>(
            "request", new TestCallContext(), (_, _) => throw new InvalidOperationException("secret internals")));

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.DoesNotContain("secret", error.Status.Detail, StringComparison.Ordinal);
        var errorId = error.GetRpcStatus()!.GetDetail<ErrorInfo>().Metadata["error_id"];
        Assert.Contains(errorId, error.Status.Detail, StringComparison.Ordinal);
        var logged = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Contains(errorId, logged.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(logged.Exception);
    }

    [Fact]
    public async Task ARefusalQuotingAMegabyteOfClientText_IsClipped()
    {
        var interceptor = new ErrorPolicyInterceptor(new CollectingLogger());
        var huge = new string('x', 1_000_000);

        var error = await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler<string, string>(
            "request", new TestCallContext(), (_, _) => throw StreamErrors.Create(Code.NotFound, "CAMERA_UNKNOWN", $"Camera '{huge}' is unknown.", ("camera_id", huge))));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.InRange(error.Status.Detail.Length, 1, 1100);
        var errorInfo = error.GetRpcStatus()!.GetDetail<ErrorInfo>();
        Assert.Equal("CAMERA_UNKNOWN", errorInfo.Reason);
        Assert.InRange(errorInfo.Metadata["camera_id"].Length, 1, 300);
    }

    [Fact]
    public async Task AReviewConflict_KeepsTheCurrentViolation_WithANoteAsLongAsNotesMayBe_ButClipsAMegabyteDetail()
    {
        var interceptor = new ErrorPolicyInterceptor(new CollectingLogger());
        var current = new Vision.Contracts.V1.Violation
        {
            Id = "hue-le-loi-1:RedLight:20261128T012959000Z-7:70",
            Decision = new Vision.Contracts.V1.ReviewDecisionInfo { Note = new string('ệ', Vision.Service.Security.ClientText.MaxNoteLength) },
        };
        var huge = new Vision.Contracts.V1.Violation { Id = new string('x', 1_000_000) };

        var conflict = await Refused(current);
        var clipped = await Refused(huge);

        Assert.Equal(current, conflict.GetRpcStatus()!.GetDetail<Vision.Contracts.V1.Violation>());
        Assert.Equal("REVIEW_CONFLICT", conflict.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
        Assert.Null(clipped.GetRpcStatus()!.GetDetail<Vision.Contracts.V1.Violation>());
        Assert.Equal("REVIEW_CONFLICT", clipped.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);

        Task<RpcException> Refused(Vision.Contracts.V1.Violation violation) => Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler<string, string>(
            "request", new TestCallContext(), (_, _) => throw new Google.Rpc.Status
            {
                Code = (int)Code.Aborted,
                Message = "The violation changed since you loaded it.",
                Details = { Google.Protobuf.WellKnownTypes.Any.Pack(new ErrorInfo { Domain = "vision.v1", Reason = "REVIEW_CONFLICT" }), Google.Protobuf.WellKnownTypes.Any.Pack(violation) },
            }.ToRpcException()));
    }

    [Fact]
    public async Task ACancelledCall_IsCancelled_NotInternal()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();
        var interceptor = new ErrorPolicyInterceptor(new CollectingLogger());

        var error = await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler<string, string>(
            "request", new TestCallContext(cancel.Token), (_, context) => throw new OperationCanceledException(context.CancellationToken)));

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
    }

    [Fact]
    public async Task AClientThatResetsItsStreamMidway_EndsTheCallCancelled_WithNothingLoggedAsAFailure()
    {
        var log = new CollectingLogger();
        var interceptor = new ErrorPolicyInterceptor(log);
        var framesRead = 0;

        var error = await Assert.ThrowsAsync<RpcException>(() => interceptor.DuplexStreamingServerHandler<string, string>(
            new ResetAfter(2), null!, new TestCallContext(), async (requests, _, context) =>
            {
                while (await requests.MoveNext(context.CancellationToken))
                {
                    framesRead++;
                }
            }));

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        Assert.Equal(2, framesRead);
        Assert.Empty(log.Entries);
    }

    /// <summary>A request stream as Kestrel ends it when the client sends RST_STREAM after <paramref name="messages"/> messages.</summary>
    private sealed class ResetAfter(int messages) : IAsyncStreamReader<string>
    {
        private int _read;

        public string Current => $"frame {_read}";

        public Task<bool> MoveNext(CancellationToken cancellationToken) =>
            ++_read <= messages ? Task.FromResult(true) : Task.FromException<bool>(new IOException("The client reset the request stream."));
    }

    private sealed class CollectingLogger : ILogger<ErrorPolicyInterceptor>
    {
        public List<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception), exception));
    }
}
