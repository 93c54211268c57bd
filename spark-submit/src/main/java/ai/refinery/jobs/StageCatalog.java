package ai.refinery.jobs;

import ai.refinery.estimators.feature.TabularFeaturizer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.PipelineStage;

/**
 * Refinery's public stages by short name: what job specs can name and what {@code docs/params.md}
 * documents. A stage added to a module is registered here.
 */
public final class StageCatalog {
  private static final Map<String, Class<? extends PipelineStage>> STAGES = new LinkedHashMap<>();

  static {
    STAGES.put("tabular-featurizer", TabularFeaturizer.class);
  }

  private StageCatalog() {}

  /** Short name -> class, in documentation order. */
  public static Map<String, Class<? extends PipelineStage>> all() {
    return new LinkedHashMap<>(STAGES);
  }

  /** A new instance of the stage called {@code name}, or an error listing the known names. */
  public static PipelineStage create(String name) {
    Class<? extends PipelineStage> cls = STAGES.get(name);
    if (cls == null) {
      throw new IllegalArgumentException("Unknown stage '" + name + "'. Known: "
          + String.join(", ", STAGES.keySet()));
    }
    try {
      return cls.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create " + cls.getName(), e);
    }
  }
}
