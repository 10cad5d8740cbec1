using System.Text.RegularExpressions;

namespace Vision.Domain.Cameras;

/// <summary>What a camera id may be: it names files, metrics and stream subjects, so 1–64 lowercase letters, digits, '.', '_' or '-'.</summary>
public static partial class CameraIds
{
    public const string Pattern = "^[a-z0-9][a-z0-9._-]{0,63}$";

    public const string Rule = "Camera ids are 1-64 lowercase letters, digits, '.', '_' or '-'.";

    public static bool IsValid(string id) => Valid().IsMatch(id);

    [GeneratedRegex(Pattern)]
    private static partial Regex Valid();
}
