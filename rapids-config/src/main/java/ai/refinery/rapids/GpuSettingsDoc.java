package ai.refinery.rapids;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes {@code docs/rapids-config.md} from the registry ({@link GpuSettings}) and the built-in
 * profiles ({@link GpuProfiles}). A test fails when the committed file differs from what this
 * writes, so the docs cannot drift from the code.
 */
public final class GpuSettingsDoc {
  /** How to regenerate the file, from the repository root; quoted in the check's failure. */
  public static final String REGENERATE =
      "mvn -B -q -pl rapids-config -am process-classes -Prapids-docs";

  private GpuSettingsDoc() {}

  /** Writes the docs to the path given as the only argument (default docs/rapids-config.md). */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "docs/rapids-config.md");
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    Files.writeString(out, render(), StandardCharsets.UTF_8);
    System.out.println("wrote " + out.toAbsolutePath());
  }

  /** The complete Markdown text. */
  public static String render() {
    StringBuilder b = new StringBuilder();
    b.append(
            "<!-- generated \u2014 do not edit. Source: rapids-config/src/main/java/ai/refinery/"
                + "rapids/GpuSettings.java and GpuProfiles.java. Regenerate: ")
        .append(REGENERATE)
        .append(" -->\n\n");
    b.append("# GPU settings and profiles\n\n");
    b.append(
            "Refinery jobs take `--gpu-profile NAME`; the profile becomes Spark confs, validated"
                + " before the session starts (unknown keys, wrong types, out-of-range values and"
                + " contradictory settings are errors). Under a GPU profile XGBoost uses `device=cuda`."
                + " Built for Spark ")
        .append(GpuSettings.SPARK_VERSION)
        .append(" and RAPIDS Accelerator 25.04.\n\n");
    b.append("## Settings\n\n");
    b.append("| key | type | default | allowed | description |\n|---|---|---|---|---|\n");
    for (GpuSetting<?> s : GpuSettings.all()) {
      b.append("| `")
          .append(s.key())
          .append("` | ")
          .append(s.type().label())
          .append(" | ")
          .append(s.defaultText() == null ? "(none)" : "`" + s.defaultText() + "`")
          .append(" | ")
          .append(cell(s.checkDoc()))
          .append(" | ")
          .append(cell(s.doc()))
          .append(" |\n");
    }
    b.append("\n## Profiles\n\n");
    for (GpuProfile p : GpuProfiles.all()) {
      b.append("### `").append(p.name()).append("`\n\n").append(p.description()).append("\n\n");
      b.append("XGBoost device: `").append(p.xgboostDevice()).append("`\n\n");
      if (p.sparkConf().isEmpty()) {
        b.append("No settings: Spark's defaults.\n\n");
        continue;
      }
      b.append("```properties\n");
      for (Map.Entry<String, String> e : p.sparkConf().entrySet()) {
        b.append(e.getKey()).append('=').append(e.getValue()).append('\n');
      }
      b.append("```\n\n");
    }
    b.append("## Checks across settings\n\n");
    b.append(
        "- `spark.task.resource.gpu.amount` must not exceed"
            + " `spark.executor.resource.gpu.amount`, and needs it set.\n");
    b.append(
        "- `spark.task.resource.gpu.amount` x `spark.executor.cores` must not exceed the"
            + " executor's GPUs (else some cores never run a task).\n");
    b.append(
        "- `spark.executor.resource.gpu.amount` is 1 when the plugin is on (one GPU per"
            + " executor).\n");
    b.append("- `minAllocFraction <= allocFraction <= maxAllocFraction`.\n");
    b.append("- A RAPIDS shuffle manager must be `")
        .append(GpuSettings.SHUFFLE_MANAGER_CLASS)
        .append("` (Spark ")
        .append(GpuSettings.SPARK_VERSION)
        .append(") and needs the plugin.\n");
    b.append("- `spark.rapids.*` settings need `spark.plugins=")
        .append(GpuSettings.SQL_PLUGIN)
        .append("`.\n");
    b.append("\n## GPU coverage on a CPU (explain-only)\n\n");
    b.append(
        "`ai.refinery.rapids.coverage.GpuCoverage.run(spark, steps)` explains each step of a"
            + " job with the accelerator's placement rules (`ExplainPlan.explainPotentialGpuPlan`) and,"
            + " for write steps, takes the write command's placement from the plugin's NOT_ON_GPU log."
            + " `CoverageWorkload` builds the steps of a Refinery job (Delta scan, featurizer"
            + " preparation, fold assignment, CV splits, vector assembly, scoring, Delta write). The"
            + " report (JSON and text) counts operators on the GPU per step and lists every fallback"
            + " with its reason; its last line is the share of GPU-eligible operators of the"
            + " preparation, fold assignment and CV split plans between the table scan and the vector"
            + " assembly. Known upstream limits of RAPIDS 25.04 on Spark 3.5 are reported apart: Delta"
            + " scans (DeltaParquetFileFormat), ML vector columns (VectorUDT) and the Delta write"
            + " command stay on the CPU. The session needs the RAPIDS jar (spark-submit `--jars`) and"
            + " the `explain-only` profile; no GPU.\n");
    return b.toString();
  }

  private static String cell(String s) {
    return s == null || s.isEmpty() ? "" : s.replace("|", "\\|");
  }
}
