using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Vision.Service.Grpc;

namespace Vision.Service.Security;

/// <summary>
/// Strings from clients, checked at the edge before they reach a store, a path, a log or an error message: ids are at
/// most <see cref="MaxIdLength"/> characters of <c>A–Z a–z 0–9 . _ : -</c>; notes at most <see cref="MaxNoteLength"/>
/// characters without control characters (line breaks and tabs allowed). A refusal names the field and the rule, never
/// the text it refused.
/// </summary>
public static class ClientText
{
    public const int MaxIdLength = 128;

    /// <summary>Ids built from a camera id and more (violation ids: camera, kind, capture time, track, sequence).</summary>
    public const int MaxDerivedIdLength = 256;

    /// <summary>Page tokens this service issued (they carry a violation id).</summary>
    public const int MaxPageTokenLength = 1024;
    public const int MaxNoteLength = 4000;

    /// <summary>Plates as officers type them ("75-H1 425.99"): bounded, no control characters.</summary>
    public const int MaxPlateLength = 32;

    public const string InvalidReason = "FIELD_INVALID";

    /// <summary>Why <paramref name="value"/> is not an id, or null when it is one.</summary>
    public static string? IdProblem(string value, int maxLength = MaxIdLength) =>
        value.Length > maxLength ? $"at most {maxLength} characters (got {value.Length})"
        : value.All(IsIdCharacter) ? null
        : "only letters A–Z and a–z, digits and . _ : -";

    /// <summary>
    /// Why <paramref name="value"/> is not an identity a token may name (an id, or an e-mail-style user name, as local
    /// accounts may be: <c>an.nguyen@hue.gov.vn</c>), or null when it is one.
    /// </summary>
    public static string? IdentityProblem(string value) =>
        value.Length == 0 ? "empty"
        : value.Length > MaxIdLength ? $"at most {MaxIdLength} characters (got {value.Length})"
        : value.All(c => IsIdCharacter(c) || c == '@') ? null
        : "only letters A–Z and a–z, digits and . _ : - @";

    /// <summary>Why <paramref name="value"/> is not acceptable free text of at most <paramref name="maxLength"/> characters, or null.</summary>
    public static string? TextProblem(string value, int maxLength = MaxNoteLength) =>
        value.Length > maxLength ? $"at most {maxLength} characters (got {value.Length})"
        : value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')) ? "no control characters"
        : null;

    /// <summary>Why <paramref name="value"/> is not one line of at most <paramref name="maxLength"/> characters (a key another system gave: no control characters at all), or null.</summary>
    public static string? LineProblem(string value, int maxLength = MaxIdLength) =>
        value.Length > maxLength ? $"at most {maxLength} characters (got {value.Length})"
        : value.Any(char.IsControl) ? "one line without control characters"
        : null;

    /// <summary>Refuses a non-empty id that breaks the rules (empty ids are left to the caller's own checks).</summary>
    public static void RequireId(string value, string field, int maxLength = MaxIdLength)
    {
        if (value.Length > 0 && IdProblem(value, maxLength) is { } problem)
        {
            throw Invalid(field, problem);
        }
    }

    public static void RequireText(string value, string field, int maxLength = MaxNoteLength)
    {
        if (TextProblem(value, maxLength) is { } problem)
        {
            throw Invalid(field, problem);
        }
    }

    public static void RequireLine(string value, string field, int maxLength = MaxIdLength)
    {
        if (LineProblem(value, maxLength) is { } problem)
        {
            throw Invalid(field, problem);
        }
    }

    /// <summary>INVALID_ARGUMENT with ErrorInfo FIELD_INVALID (metadata: field) and a BadRequest naming the field and the rule.</summary>
    public static RpcException Invalid(string field, string problem)
    {
        var errorInfo = new ErrorInfo { Domain = ImageRejectionStatus.ErrorDomain, Reason = InvalidReason, Metadata = { ["field"] = field } };
        var badRequest = new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = field, Description = problem } } };
        return new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = $"{field}: {problem}.",
            Details = { Any.Pack(errorInfo), Any.Pack(badRequest) },
        }.ToRpcException();
    }

    private static bool IsIdCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-';
}
