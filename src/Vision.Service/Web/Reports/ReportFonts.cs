namespace Vision.Service.Web.Reports;

/// <summary>
/// The font of charts and PDF reports: DejaVu Sans (Debian's <c>fonts-dejavu-core</c>), which has every Vietnamese
/// letter with its tone marks. Files are read from the system font folder once.
/// </summary>
public static class ReportFonts
{
    public const string Family = "DejaVu Sans";

    private static readonly string[] Folders = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/local/share/fonts"];

    public static string RegularPath => Find("DejaVuSans.ttf");

    public static string BoldPath => Find("DejaVuSans-Bold.ttf");

    /// <summary>Makes PDFsharp draw and measure every family as this font (once per process).</summary>
    public static void EnsureInstalled() => ReportFontResolver.EnsureInstalled();

    private static string Find(string fileName) =>
        Folders.Select(folder => Path.Combine(folder, fileName)).FirstOrDefault(File.Exists)
        ?? throw new FileNotFoundException($"The report font {fileName} is missing: install Debian's fonts-dejavu-core (setup.sh does).", fileName);
}
