package ai.refinery.rapids.coverage;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the RAPIDS Accelerator's plan explanation (the text of {@code
 * ExplainPlan.explainPotentialGpuPlan(df, "ALL")} or of the plugin's NOT_ON_GPU log messages) into
 * one {@link OperatorVerdict} per physical operator. Each line reads {@code <indent><mark><Kind>
 * <Name> <text>}, where the mark is {@code *} (will run on the GPU), {@code @} (could run on the
 * GPU), {@code !} (cannot: the reason follows "because") or {@code #} / {@code $} (removed or
 * replaced; not counted).
 */
public final class ExplainParser {
  private static final Pattern LINE = Pattern.compile("^( *)([*!@#$])(\\w*) <([^>]+)>\\s?(.*)$");
  private static final String BECAUSE = "cannot run on GPU because ";
  private static final int MAX_CAUSE = 400;
  private static final Set<String> UDFS =
      Set.of(
          "ScalaUDF",
          "JavaUDF",
          "PythonUDF",
          "ScalaUDAF",
          "HiveSimpleUDF",
          "HiveGenericUDF",
          "HiveUDAFFunction",
          "ScalaAggregator");
  private static final List<String> FOLLOW_ON =
      List.of(
          "Columnar exchange without columnar children is inefficient",
          "child not being columnar",
          "explain only mode with AQE",
          "GPU plans may get incorrect file name");

  private ExplainParser() {}

  /** One parsed line (operator, expression, partitioning, command, ...). */
  record Node(int indent, char mark, String kind, String name, String text) {
    boolean operator() {
      return kind.equals("Exec") || (kind.isEmpty() && name.endsWith("Exec"));
    }

    String reason() {
      int i = text.indexOf(BECAUSE);
      return i < 0 ? "" : text.substring(i + BECAUSE.length()).trim();
    }
  }

  /** Parses the lines that look like plan nodes; other lines continue the previous node's text. */
  static List<Node> nodes(String text) {
    List<Node> out = new ArrayList<>();
    for (String line : text.split("\\R")) {
      Matcher m = LINE.matcher(line);
      if (m.matches()) {
        out.add(
            new Node(
                m.group(1).length(), m.group(2).charAt(0), m.group(3), m.group(4), m.group(5)));
      } else if (!out.isEmpty() && !line.isBlank()) {
        Node last = out.remove(out.size() - 1);
        out.add(
            new Node(
                last.indent(),
                last.mark(),
                last.kind(),
                last.name(),
                last.text() + " " + line.trim()));
      }
    }
    return out;
  }

  /** The operators of one explanation, in the order printed (root first). */
  public static List<OperatorVerdict> parse(String text, String step, Stage stage) {
    List<Node> nodes = nodes(text);
    List<OperatorVerdict> out = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      Node op = nodes.get(i);
      if (!op.operator() || op.mark() == '#' || op.mark() == '$') {
        continue;
      }
      // the operator's own expressions: deeper lines up to the next operator at any depth
      Set<String> causes = new LinkedHashSet<>();
      StringBuilder fullText = new StringBuilder();
      boolean udf = false;
      boolean command = false;
      for (int j = i + 1; j < nodes.size(); j++) {
        Node n = nodes.get(j);
        if (n.indent() <= op.indent() || n.operator()) {
          break;
        }
        command |= n.kind().equals("Command");
        if (n.mark() == '!') {
          udf |= UDFS.contains(n.name());
          String r = n.reason();
          if (!r.isEmpty()
              && !r.equals("not all expressions can be replaced")
              && !r.equals("not all commands can be replaced")) {
            String c = n.name() + ": " + r;
            fullText.append(' ').append(c);
            causes.add(abbreviate(c));
          }
        }
      }
      boolean onGpu = op.mark() == '*' || op.mark() == '@';
      String reason = onGpu ? "" : op.reason();
      FallbackKind kind =
          onGpu
              ? FallbackKind.NONE
              : classify(op.name(), reason + fullText, !causes.isEmpty(), udf, command);
      boolean headline = stage.headline() && !isScan(op.name()) && kind != FallbackKind.ML_VECTOR;
      out.add(
          new OperatorVerdict(
              step,
              stage,
              op.name(),
              op.indent() / 2,
              onGpu,
              reason,
              List.copyOf(causes),
              kind,
              headline));
    }
    return out;
  }

  /**
   * Shortens a long cause in the middle: its start names the expression, its end usually says why
   * it stays on the CPU (e.g. "neither UDF implemented by class ... provides a GPU
   * implementation"), while the middle is a long generated expression whose length depends on
   * expression ids. The result has at most MAX_CAUSE + 5 characters.
   */
  static String abbreviate(String c) {
    if (c.length() <= MAX_CAUSE) {
      return c;
    }
    int tail = MAX_CAUSE * 3 / 5;
    return c.substring(0, MAX_CAUSE - tail) + " ... " + c.substring(c.length() - tail);
  }

  /** Whether the explanation's root operator is a command (a write, a DDL). */
  static boolean rootIsCommand(String text) {
    for (Node n : nodes(text)) {
      if (n.operator()) {
        return n.name().contains("Command")
            || n.name().contains("Write")
            || n.name().startsWith("AppendData")
            || n.name().startsWith("OverwriteBy");
      }
    }
    return false;
  }

  static boolean isScan(String operator) {
    return operator.contains("Scan");
  }

  /**
   * The kind of a fallback from the operator's reason and its expressions' reasons (full text: the
   * type that blocks the GPU is often named deep inside a nested expression).
   */
  static FallbackKind classify(
      String operator, String all, boolean hasCauses, boolean udf, boolean command) {
    String lower = all.toLowerCase(Locale.ROOT);
    if (all.contains("DeltaParquetFileFormat")) {
      return FallbackKind.DELTA_SCAN;
    }
    // Spark ML's own scoring UDFs take or return vectors even where the plan shows only doubles
    if (all.contains("VectorUDT") || all.contains("implemented by class org.apache.spark.ml.")) {
      return FallbackKind.ML_VECTOR;
    }
    if ((command || operator.contains("Command")) && lower.contains("delta")) {
      return FallbackKind.DELTA_WRITE;
    }
    if (udf) {
      return FallbackKind.USER_CODE;
    }
    for (String f : FOLLOW_ON) {
      if (all.contains(f)) {
        return FallbackKind.FOLLOW_ON;
      }
    }
    if (hasCauses && !command) {
      return FallbackKind.USER_CODE;
    }
    return FallbackKind.OTHER;
  }
}
