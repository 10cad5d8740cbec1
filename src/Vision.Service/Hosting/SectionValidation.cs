using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Vision.Service.Hosting;

/// <summary>
/// Binds an options class to its configuration section and checks it when the service starts: its data annotations
/// and its own cross-field rules (<see cref="IValidatableObject"/>), each failure naming the full configuration key
/// (e.g. <c>Vision:Tracker:LowConfidence</c>), so a malformed setting stops start-up with a message that says which.
/// </summary>
public static class SectionValidation
{
    public static OptionsBuilder<TOptions> AddValidatedSection<TOptions>(this IServiceCollection services, string section, string? name = null)
        where TOptions : class
    {
        var optionsName = name ?? Options.DefaultName;
        services.AddSingleton<IValidateOptions<TOptions>>(new Validation<TOptions>(section, optionsName));
        return services.AddOptions<TOptions>(optionsName).BindConfiguration(section).ValidateOnStart();
    }

    /// <summary>The failures of <paramref name="options"/>, each as "section:Member: message".</summary>
    public static IReadOnlyList<string> Failures(object options, string section)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.SelectMany(result => result.MemberNames.DefaultIfEmpty("").Select(member =>
            member.Length == 0 ? $"{section}: {result.ErrorMessage}" : $"{section}:{member}: {result.ErrorMessage}")).ToList();
    }

    private sealed class Validation<TOptions>(string section, string name) : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? optionsName, TOptions options)
        {
            if (optionsName != name)
            {
                return ValidateOptionsResult.Skip;
            }

            var failures = Failures(options, section);
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
