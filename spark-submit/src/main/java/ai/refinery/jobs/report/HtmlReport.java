package ai.refinery.jobs.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A self-contained HTML page: sections of text, tables and charts (PNG data URIs), no external
 * files, scripts or fonts, so it can be mailed, archived or opened from S3 as it is. Written to a
 * temporary file and moved into place, so a reader never sees half a report.
 */
public final class HtmlReport {
  private final String title;
  private final List<String> parts = new ArrayList<>();

  public HtmlReport(String title) {
    this.title = title;
  }

  public HtmlReport heading(String text) {
    parts.add("<h2>" + esc(text) + "</h2>");
    return this;
  }

  public HtmlReport paragraph(String text) {
    parts.add("<p>" + esc(text) + "</p>");
    return this;
  }

  /** A chart from {@link Charts} (base64 PNG) with its caption as alt text. */
  public HtmlReport chart(String caption, String base64Png) {
    parts.add(
        "<figure><img alt=\""
            + esc(caption)
            + "\" src=\"data:image/png;base64,"
            + base64Png
            + "\"><figcaption>"
            + esc(caption)
            + "</figcaption></figure>");
    return this;
  }

  /** A table; numbers are right-aligned. */
  public HtmlReport table(List<String> header, List<List<String>> rows) {
    StringBuilder sb = new StringBuilder("<table><thead><tr>");
    header.forEach(h -> sb.append("<th>").append(esc(h)).append("</th>"));
    sb.append("</tr></thead><tbody>");
    for (List<String> r : rows) {
      sb.append("<tr>");
      for (String cell : r) {
        boolean num = cell.matches("-?[0-9.,eE+%-]+");
        sb.append(num ? "<td class=n>" : "<td>").append(esc(cell)).append("</td>");
      }
      sb.append("</tr>");
    }
    parts.add(sb.append("</tbody></table>").toString());
    return this;
  }

  public String html() {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
        + esc(title)
        + "</title>\n<style>body{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}"
        + "h1{border-bottom:2px solid #335}h2{margin-top:1.6em;color:#335}"
        + "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:3px 8px}"
        + "th{background:#eef}td.n{text-align:right;font-variant-numeric:tabular-nums}"
        + "figure{margin:1em 0}img{max-width:100%;border:1px solid #ddd}"
        + "figcaption{font-size:.9em;color:#555}</style></head>\n<body><h1>"
        + esc(title)
        + "</h1>\n"
        + String.join("\n", parts)
        + "\n</body></html>\n";
  }

  /** Writes the page atomically (temporary file, then move). */
  public Path write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, html(), StandardCharsets.UTF_8);
    return Files.move(
        tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
