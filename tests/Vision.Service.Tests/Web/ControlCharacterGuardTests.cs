using Microsoft.AspNetCore.Http;
using Vision.Service.Web.Requests;

namespace Vision.Service.Tests.Web;

/// <summary>Which web requests are refused before they reach a page or the store.</summary>
public sealed class ControlCharacterGuardTests
{
    [Theory]
    [InlineData("/queue", "?camera=hue-le-loi-1&plate=75H1", null)]
    [InlineData("/queue", "?plate=29%C3%89", null)] // É: the page names it itself
    [InlineData("/queue", "?camera=%00", "The query parameter 'camera' holds a control character.")]
    [InlineData("/queue", "?handler=Row&id=a%00b", "The query parameter 'id' holds a control character.")]
    [InlineData("/queue", "?note=line%0Abreak", "The query parameter 'note' holds a control character.")]
    [InlineData("/violations/a\u0001b", "", "The address holds a control character.")]
    public void Refuses_AControlCharacterInTheAddressOrQuery(string path, string query, string? expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query.Length == 0 ? null : query);

        Assert.Equal(expected, ControlCharacterGuard.Problem(context.Request));
    }
}
