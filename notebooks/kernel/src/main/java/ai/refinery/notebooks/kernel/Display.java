package ai.refinery.notebooks.kernel;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;

import javax.imageio.ImageIO;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * Rich output from a notebook cell: {@code import static ai.refinery.notebooks.kernel.Display.*;}
 * then {@code png(bytes)}, {@code image(bufferedImage)}, {@code html(...)}, {@code markdown(...)} or
 * {@code table(header, rows)}. Each call adds one output to the running cell. Outside a kernel (e.g.
 * the same code pasted into a plain Java program) the calls print a one-line text stand-in instead.
 */
public final class Display {

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private Display() {
    }

    /** Shows PNG bytes as an image output (image/png); refuses bytes that are not a PNG. */
    public static void png(byte[] png) {
        if (png == null || png.length < PNG_MAGIC.length) {
            throw new IllegalArgumentException("png: expected PNG bytes, got "
                    + (png == null ? "null" : png.length + " bytes"));
        }
        for (int i = 0; i < PNG_MAGIC.length; i++) {
            if (png[i] != PNG_MAGIC[i]) {
                throw new IllegalArgumentException("png: the bytes do not start with the PNG signature");
            }
        }
        DisplayData d = new DisplayData("<PNG image, " + png.length + " bytes>");
        d.putData("image/png", Base64.getEncoder().encodeToString(png));
        emit(d);
    }

    /** Shows an AWT image (e.g. XChart's {@code BitmapEncoder.getBufferedImage(chart)}) as a PNG. */
    public static void image(RenderedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, "png", out)) {
                throw new IllegalStateException("image: no PNG writer available");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        png(out.toByteArray());
    }

    public static void html(String html) {
        DisplayData d = new DisplayData(html.replaceAll("<[^>]+>", ""));
        d.putHTML(html);
        emit(d);
    }

    public static void markdown(String md) {
        DisplayData d = new DisplayData(md);
        d.putMarkdown(md);
        emit(d);
    }

    /** A small table as HTML (with a plain-text twin for consoles and nbconvert --to markdown). */
    public static void table(List<String> header, List<? extends List<?>> rows) {
        StringBuilder h = new StringBuilder("<table><thead><tr>");
        StringBuilder t = new StringBuilder(String.join("\t", header)).append('\n');
        header.forEach(c -> h.append("<th>").append(esc(c)).append("</th>"));
        h.append("</tr></thead><tbody>");
        for (List<?> r : rows) {
            h.append("<tr>");
            StringBuilder line = new StringBuilder();
            for (Object v : r) {
                String s = fmt(v);
                h.append("<td>").append(esc(s)).append("</td>");
                if (line.length() > 0) {
                    line.append('\t');
                }
                line.append(s);
            }
            h.append("</tr>");
            t.append(line).append('\n');
        }
        h.append("</tbody></table>");
        DisplayData d = new DisplayData(t.toString());
        d.putHTML(h.toString());
        emit(d);
    }

    private static String fmt(Object v) {
        if (v instanceof Double || v instanceof Float) {
            return String.format("%.4f", ((Number) v).doubleValue());
        }
        return String.valueOf(v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void emit(DisplayData d) {
        BaseKernel k = BaseKernel.notebookKernel();
        if (k == null) {
            System.out.println(d.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN));
            return;
        }
        k.display(d);
    }
}
