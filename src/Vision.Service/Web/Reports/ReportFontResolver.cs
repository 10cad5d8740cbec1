using PdfSharp.Fonts;

namespace Vision.Service.Web.Reports;

/// <summary>Gives PDFsharp the report font (every family asked for maps to DejaVu Sans, bold or regular).</summary>
internal sealed class ReportFontResolver : IFontResolver
{
    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";

    private static readonly Lazy<bool> Installed = new(() =>
    {
        GlobalFontSettings.FontResolver = new ReportFontResolver();
        return true;
    });

    /// <summary>Installs the resolver once per process, before the first PDF is drawn.</summary>
    public static void EnsureInstalled() => _ = Installed.Value;

    public FontResolverInfo ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
        new(isBold ? Bold : Regular, mustSimulateBold: false, mustSimulateItalic: isItalic);

    public byte[] GetFont(string faceName) => File.ReadAllBytes(faceName == Bold ? ReportFonts.BoldPath : ReportFonts.RegularPath);
}
