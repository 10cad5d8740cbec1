using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Vision.Service.Hosting;

/// <summary>
/// Binds an options class to its configuration section and checks it when the service starts: its data annotations
/// and its own cross-field rules (<see cref="IValidatableObject"/>), and those of its nested Vision settings (a model's
/// <c>Inference</c> override), each failure naming the full configuration key (e.g. <c>Vision:Tracker:LowConfidence</c>,
/// <c>Vision:Detector:Inference:IntraOpThreads</c>), so a malformed setting stops start-up with a message that says which.
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

    /// <summary>
    /// Binds and checks a section now, for a setting the composition itself decides on (whether to export metrics, a
    /// message limit, the native heap) before the host is built; a malformed one stops start-up as any other would.
    /// </summary>
    public static TOptions ReadNow<TOptions>(IConfiguration configuration, string section)
        where TOptions : class, new()
    {
        var options = configuration.GetSection(section).Get<TOptions>() ?? new TOptions();
        var failures = Failures(options, section);
        return failures.Count == 0 ? options : throw new OptionsValidationException(section, typeof(TOptions), failures);
    }

    /// <summary>The failures of <paramref name="options"/> and of its nested Vision settings, each as "section:Member: message".</summary>
    public static IReadOnlyList<string> Failures(object options, string section)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        var failures = results.SelectMany(result => result.MemberNames.DefaultIfEmpty("").Select(member =>
            member.Length == 0 ? $"{section}: {result.ErrorMessage}" : $"{section}:{member}: {result.ErrorMessage}")).ToList();
        foreach (var nested in options.GetType().GetProperties().Where(IsNestedSettings))
        {
            if (nested.GetValue(options) is { } value)
            {
                failures.AddRange(Failures(value, $"{section}:{nested.Name}"));
            }
        }

        return failures;
    }

    // A settings class of this code base (not a string, collection or framework type) bound from a subsection.
    private static bool IsNestedSettings(System.Reflection.PropertyInfo property) =>
        property.GetIndexParameters().Length == 0 && property.SetMethod?.IsPublic == true && property.PropertyType.IsClass
        && property.PropertyType.Namespace?.StartsWith("Vision.", StringComparison.Ordinal) == true;

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
