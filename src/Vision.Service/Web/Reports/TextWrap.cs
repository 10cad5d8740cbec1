namespace Vision.Service.Web.Reports;

/// <summary>
/// Breaks text into lines no wider than a width, at spaces, as measured by the caller (a PDF font); a word wider than
/// the whole width is cut where it must be. PDFsharp draws a string on one line whatever its length, past the page edge.
/// </summary>
public static class TextWrap
{
    public static IReadOnlyList<string> Lines(string text, Func<string, double> measure, double width)
    {
        var lines = new List<string>();
        var line = string.Empty;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var joined = line.Length == 0 ? word : line + " " + word;
            if (measure(joined) <= width)
            {
                line = joined;
                continue;
            }

            if (line.Length > 0)
            {
                lines.Add(line);
            }

            line = word;
            while (line.Length > 1 && measure(line) > width)
            {
                var fits = 1;
                while (fits < line.Length - 1 && measure(line[..(fits + 1)]) <= width)
                {
                    fits++;
                }

                lines.Add(line[..fits]);
                line = line[fits..];
            }
        }

        if (line.Length > 0 || lines.Count == 0)
        {
            lines.Add(line);
        }

        return lines;
    }
}
