using System.ComponentModel.DataAnnotations;
using Vision.Service.Security;

namespace Vision.Service.Tests.Security;

/// <summary>Identity-provider settings that would let tokens be forged stop the start.</summary>
public sealed class JwtSettingsTests
{
    [Theory]
    [InlineData("http://sso.city.lan/realms/hue-s", false)]
    [InlineData("http://10.0.0.7:8080/realms/hue-s", false)]
    [InlineData("http://127.0.0.1:8080/realms/test", true)]
    [InlineData("http://localhost:8080/realms/test", true)]
    [InlineData("https://sso.hue.gov.vn/realms/hue-s", true)]
    public void DiscoveryOverPlainHttp_IsAcceptedOnlyOnLoopback(string authority, bool accepted)
    {
        var security = new SecurityOptions { Jwt = new JwtBearerSettings { Authority = authority, Audience = "vision", RequireHttpsMetadata = false } };

        var problems = security.Validate(new ValidationContext(security)).ToList();

        Assert.Equal(accepted, problems.Count == 0);
        Assert.All(problems, problem => Assert.Contains("only on loopback", problem.ErrorMessage, StringComparison.Ordinal));
    }
}
