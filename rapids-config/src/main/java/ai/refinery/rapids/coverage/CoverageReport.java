package ai.refinery.rapids.coverage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The result of {@link GpuCoverage#run}: every operator of every step with its GPU placement, the
 * headline figure (operators of the data preparation, fold assignment and CV split plans between
 * the table scan and the vector assembly that would run on the GPU) and every fallback with its
 * reason, known upstream limits (Delta scan and write, ML vectors) apart from our own code.
 *
 * @param operators every operator, step by step, root first within a step
 * @param notes remarks on how the report was made (what was not captured and why)
 */
public record CoverageReport(List<OperatorVerdict> operators, List<String> notes) {
  private static final String SCOPE =
      "operators of the data preparation, fold assignment and CV"
          + " split plans between the table scan and the vector assembly";

  public CoverageReport {
    operators = List.copyOf(operators);
    notes = List.copyOf(notes);
  }

  /** Operators in the headline scope. */
  public long headlineTotal() {
    return count(OperatorVerdict::headline);
  }

  /** Operators in the headline scope that would run on the GPU. */
  public long headlineEligible() {
    return count(v -> v.headline() && v.onGpu());
  }

  /** The headline figure, in percent (100 when the scope is empty). */
  public double headlinePercent() {
    long t = headlineTotal();
    return t == 0 ? 100.0 : 100.0 * headlineEligible() / t;
  }

  /** All operators of all steps. */
  public long total() {
    return operators.size();
  }

  /** All operators of all steps that would run on the GPU. */
  public long eligible() {
    return count(OperatorVerdict::onGpu);
  }

  /** Operators that stay on the CPU, in report order. */
  public List<OperatorVerdict> fallbacks() {
    return operators.stream().filter(v -> !v.onGpu()).toList();
  }

  /** Operators that stay on the CPU for this kind of reason. */
  public List<OperatorVerdict> fallbacks(FallbackKind kind) {
    return operators.stream().filter(v -> !v.onGpu() && v.kind() == kind).toList();
  }

  private long count(Predicate<OperatorVerdict> p) {
    return operators.stream().filter(p).count();
  }

  /** The headline percentage as printed: one decimal and a percent sign, e.g. "93.8%". */
  public String headlineText() {
    return String.format(Locale.ROOT, "%.1f%%", headlinePercent());
  }

  /** The report as a JSON tree (plain maps and lists, stable key order). */
  public Map<String, Object> toJsonTree() {
    Map<String, Object> root = new LinkedHashMap<>();
    Map<String, Object> headline = new LinkedHashMap<>();
    headline.put("scope", SCOPE);
    headline.put("eligible", headlineEligible());
    headline.put("total", headlineTotal());
    headline.put("percent", Math.round(headlinePercent() * 10) / 10.0);
    root.put("headline", headline);
    root.put("allOperators", Map.of("eligible", eligible(), "total", total()));
    List<Map<String, Object>> steps = new ArrayList<>();
    Map<String, List<OperatorVerdict>> byStep = new LinkedHashMap<>();
    operators.forEach(v -> byStep.computeIfAbsent(v.step(), k -> new ArrayList<>()).add(v));
    byStep.forEach(
        (name, ops) -> {
          Map<String, Object> s = new LinkedHashMap<>();
          s.put("name", name);
          s.put("stage", ops.get(0).stage().name());
          s.put("eligible", ops.stream().filter(OperatorVerdict::onGpu).count());
          s.put("total", ops.size());
          s.put("operators", ops.stream().map(CoverageReport::operatorJson).toList());
          steps.add(s);
        });
    root.put("steps", steps);
    Map<String, Object> kinds = new LinkedHashMap<>();
    for (FallbackKind k : FallbackKind.values()) {
      if (k != FallbackKind.NONE) {
        kinds.put(k.name(), Map.of("description", k.description(), "count", fallbacks(k).size()));
      }
    }
    root.put("fallbacksByKind", kinds);
    root.put("fallbacks", fallbacks().stream().map(CoverageReport::operatorJson).toList());
    root.put("notes", notes);
    return root;
  }

  private static Map<String, Object> operatorJson(OperatorVerdict v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("step", v.step());
    m.put("operator", v.operator());
    m.put("depth", v.depth());
    m.put("onGpu", v.onGpu());
    m.put("headline", v.headline());
    if (!v.onGpu()) {
      m.put("kind", v.kind().name());
      m.put("reason", v.reason());
      m.put("causes", v.causes());
    }
    return m;
  }

  /** The report as pretty-printed JSON. */
  public String toJson() {
    try {
      return new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(toJsonTree());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the coverage report as JSON", e);
    }
  }

  /**
   * A plain-text summary: per step the operators on the GPU, every fallback with its reason (our
   * code, then known upstream limits), notes, and as the last line the headline percentage.
   */
  public String summary() {
    StringBuilder b = new StringBuilder("GPU coverage (RAPIDS Accelerator, explain-only)\n\n");
    Map<String, List<OperatorVerdict>> byStep = new LinkedHashMap<>();
    operators.forEach(v -> byStep.computeIfAbsent(v.step(), k -> new ArrayList<>()).add(v));
    b.append("Steps:\n");
    byStep.forEach(
        (name, ops) ->
            b.append(
                String.format(
                    Locale.ROOT,
                    "  %-28s %-16s %d of %d operators on GPU%n",
                    name,
                    ops.get(0).stage(),
                    ops.stream().filter(OperatorVerdict::onGpu).count(),
                    ops.size())));
    for (FallbackKind k :
        new FallbackKind[] {
          FallbackKind.USER_CODE,
          FallbackKind.OTHER,
          FallbackKind.FOLLOW_ON,
          FallbackKind.DELTA_SCAN,
          FallbackKind.ML_VECTOR,
          FallbackKind.DELTA_WRITE
        }) {
      List<OperatorVerdict> f = fallbacks(k);
      if (f.isEmpty()) {
        continue;
      }
      b.append("\nFallbacks, ")
          .append(k.description())
          .append(" (")
          .append(f.size())
          .append("):\n");
      for (OperatorVerdict v : f) {
        b.append("  - [")
            .append(v.step())
            .append("] ")
            .append(v.operator())
            .append(": ")
            .append(v.reason())
            .append(v.headline() ? "" : " (not in headline scope)")
            .append('\n');
        for (String c : v.causes()) {
          b.append("      ").append(c).append('\n');
        }
      }
    }
    if (fallbacks().isEmpty()) {
      b.append("\nNo fallbacks: every operator would run on the GPU.\n");
    }
    if (!notes.isEmpty()) {
      b.append("\nNotes:\n");
      notes.forEach(n -> b.append("  - ").append(n).append('\n'));
    }
    b.append(String.format(Locale.ROOT, "%nAll operators on GPU: %d of %d%n", eligible(), total()));
    b.append("GPU-eligible ")
        .append(SCOPE)
        .append(": ")
        .append(headlineEligible())
        .append(" of ")
        .append(headlineTotal())
        .append('\n');
    b.append(headlineText()).append('\n');
    return b.toString();
  }

  /** Writes {@link #toJson()} and {@link #summary()} to the two files (parents created). */
  public void write(Path json, Path text) throws IOException {
    for (Path p : new Path[] {json, text}) {
      if (p.toAbsolutePath().getParent() != null) {
        Files.createDirectories(p.toAbsolutePath().getParent());
      }
    }
    Files.writeString(json, toJson(), StandardCharsets.UTF_8);
    Files.writeString(text, summary(), StandardCharsets.UTF_8);
  }
}
