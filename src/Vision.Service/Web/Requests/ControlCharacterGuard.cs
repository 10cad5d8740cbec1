namespace Vision.Service.Web.Requests;

/// <summary>
/// Refuses a web request whose path or query holds a control character (<c>/queue?camera=%00</c>) with a 400 naming
/// the parameter: no camera, plate, id or date has one, and a zero byte reached PostgreSQL, which refuses it, as a 500
/// (an empty page on SQLite). Posted forms are checked field by field where they are read (a note may hold a line break).
/// </summary>
public static class ControlCharacterGuard
{
    public static IApplicationBuilder UseControlCharacterGuard(this IApplicationBuilder app) =>
        app.Use((context, next) => Problem(context.Request) is { } problem
            ? Results.Text(problem, statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context)
            : next(context));

    public static string? Problem(HttpRequest request)
    {
        if (HasControlCharacter(request.Path.Value))
        {
            return "The address holds a control character.";
        }

        foreach (var (name, values) in request.Query)
        {
            if (HasControlCharacter(name) || values.Any(HasControlCharacter))
            {
                return $"The query parameter '{Printable(name)}' holds a control character.";
            }
        }

        return null;
    }

    private static bool HasControlCharacter(string? value) => value is not null && value.Any(char.IsControl);

    private static string Printable(string name) => new(name.Select(c => char.IsControl(c) ? '?' : c).Take(64).ToArray());
}
