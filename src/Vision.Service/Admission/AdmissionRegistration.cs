using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Vision.Service.Admission;

public static class AdmissionRegistration
{
    /// <summary>Photo admission control (<c>Vision:Admission</c>), validated at start-up, the threads admitted photos run on, and the memory trimmer it drives.</summary>
    public static IServiceCollection AddVisionAdmission(this IServiceCollection services)
    {
        services.AddOptions<AdmissionOptions>().BindConfiguration(AdmissionOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdmissionOptions>, AdmissionOptionsValidation>();
        services.AddSingleton<BurstMemoryTrimmer>();
        services.AddSingleton<PhotoAdmission>();
        services.AddSingleton<PhotoWorkers>();
        return services;
    }

    private sealed class AdmissionOptionsValidation : IValidateOptions<AdmissionOptions>
    {
        public ValidateOptionsResult Validate(string? name, AdmissionOptions options)
        {
            var problems = new List<ValidationResult>();
            foreach (var (part, prefix) in new (object, string)[] { (options, ""), (options.AnalyzePhoto, "AnalyzePhoto:"), (options.TriagePhoto, "TriagePhoto:") })
            {
                var found = new List<ValidationResult>();
                Validator.TryValidateObject(part, new ValidationContext(part), found, validateAllProperties: true);
                problems.AddRange(found.Select(problem => new ValidationResult($"{AdmissionOptions.Section}:{prefix}{problem.ErrorMessage}")));
            }

            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(problem => problem.ErrorMessage!));
        }
    }
}
