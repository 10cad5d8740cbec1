using Microsoft.Extensions.Options;

namespace Vision.Service.Hosting;

/// <summary>Refuses, at start-up, a photo byte limit the gRPC server's message limit cannot carry (<see cref="GrpcOptions.PhotoLimitProblem"/>).</summary>
internal sealed class PhotoLimitValidation<TOptions>(IConfiguration configuration, string key, Func<TOptions, long> maxEncodedBytes)
    : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options) =>
        GrpcOptions.PhotoLimitProblem(configuration, key, maxEncodedBytes(options)) is { } problem
            ? ValidateOptionsResult.Fail(problem)
            : ValidateOptionsResult.Success;
}
