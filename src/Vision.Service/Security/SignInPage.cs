using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Vision.Service.Security;

/// <summary>The server-rendered sign-in and sign-out forms, Vietnamese first with English beside it; every value HTML-encoded.</summary>
internal static class SignInPage
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public static string SignIn(string formFieldName, string requestToken, string returnUrl, string username, string? error, string? signedInAs)
    {
        var body = new StringBuilder();
        body.Append("<h1>Đăng nhập <small>Sign in</small></h1>");
        if (signedInAs is not null)
        {
            body.Append("<p class=\"note\">Bạn đang đăng nhập với tên <b>").Append(Html.Encode(signedInAs))
                .Append("</b>. <small>You are signed in as ").Append(Html.Encode(signedInAs)).Append(".</small></p>");
        }

        if (error is not null)
        {
            body.Append("<p class=\"error\" role=\"alert\">").Append(error).Append("</p>");
        }

        body.Append("<form method=\"post\" action=\"").Append(VisionAuthentication.SignInPath).Append("\">")
            .Append(Hidden(formFieldName, requestToken))
            .Append(Hidden("returnUrl", returnUrl))
            .Append("<label for=\"username\">Tên đăng nhập <small>Username</small></label>")
            .Append("<input id=\"username\" name=\"username\" autocomplete=\"username\" required maxlength=\"64\" autofocus value=\"")
            .Append(Html.Encode(username)).Append("\">")
            .Append("<label for=\"password\">Mật khẩu <small>Password</small></label>")
            .Append("<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required maxlength=\"256\">")
            .Append("<button type=\"submit\">Đăng nhập <small>Sign in</small></button></form>");
        return Document("Đăng nhập · Vision", body.ToString());
    }

    public static string SignOut(string formFieldName, string requestToken, string? signedInAs)
    {
        var body = new StringBuilder("<h1>Đăng xuất <small>Sign out</small></h1>");
        if (signedInAs is not null)
        {
            body.Append("<p>Đăng xuất khỏi tài khoản <b>").Append(Html.Encode(signedInAs)).Append("</b>? <small>Sign out of ")
                .Append(Html.Encode(signedInAs)).Append("?</small></p>");
        }

        body.Append("<form method=\"post\" action=\"").Append(VisionAuthentication.SignOutPath).Append("\">")
            .Append(Hidden(formFieldName, requestToken))
            .Append("<button type=\"submit\">Đăng xuất <small>Sign out</small></button></form>");
        return Document("Đăng xuất · Vision", body.ToString());
    }

    public const string InvalidCredentials = "Tên đăng nhập hoặc mật khẩu không đúng. <small>Wrong username or password.</small>";

    public const string Expired = "Biểu mẫu đã hết hạn, vui lòng đăng nhập lại. <small>The form expired; please sign in again.</small>";

    public static string LockedOut(DateTimeOffset until) =>
        $"Tài khoản tạm khoá do nhập sai mật khẩu nhiều lần, thử lại sau {until.ToOffset(TimeSpan.FromHours(7)):HH:mm} (giờ Việt Nam). " +
        $"<small>Too many wrong passwords: the account is locked until {until:HH:mm} UTC.</small>";

    private static string Hidden(string name, string value) =>
        $"<input type=\"hidden\" name=\"{Html.Encode(name)}\" value=\"{Html.Encode(value)}\">";

    private static string Document(string title, string body) => $$"""
        <!DOCTYPE html>
        <html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{Html.Encode(title)}}</title>
        <style>
        body{font-family:system-ui,sans-serif;max-width:24rem;margin:4rem auto;padding:0 1rem;color:#1b1b1b}
        h1 small,label small,button small,p small{color:#555;font-weight:normal;font-size:.8em}
        label{display:block;margin-top:1rem} input{width:100%;padding:.5rem;box-sizing:border-box;font-size:1rem}
        button{margin-top:1.5rem;padding:.6rem 1.2rem;font-size:1rem} .error{color:#a40000} .note{color:#333}
        </style></head><body><main>{{body}}</main></body></html>
        """;
}
