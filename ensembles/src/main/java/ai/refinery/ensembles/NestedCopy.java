package ai.refinery.ensembles;

import ai.refinery.estimators.nested.StageArrayParam;
import ai.refinery.estimators.nested.StageParam;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;

/**
 * The nested stages of a meta-estimator's copy: each base or meta estimator (set or default) is
 * replaced by its own {@code copy(extra)}, as the cross-validator does with its estimator, so the
 * copy shares no mutable stage with the original and a ParamMap that names a nested stage's params
 * (e.g. {@code dt.maxDepth()}) reaches it.
 */
final class NestedCopy {
  private NestedCopy() {}

  /** Deep-copies the nested stages of {@code copy} (already a default copy of the original). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static <T extends Params> T stages(T copy, ParamMap extra) {
    for (Param<?> p : copy.params()) {
      Object value;
      if (p instanceof StageParam<?> && copy.isDefined(p)) {
        value = ((PipelineStage) copy.getOrDefault(p)).copy(extra);
      } else if (p instanceof StageArrayParam && copy.isDefined(p)) {
        PipelineStage[] stages = (PipelineStage[]) copy.getOrDefault(p);
        PipelineStage[] copies = new PipelineStage[stages.length];
        for (int i = 0; i < stages.length; i++) {
          copies[i] = stages[i].copy(extra);
        }
        value = copies;
      } else {
        continue;
      }
      if (copy.isSet(p)) {
        copy.set((Param) p, value);
      } else {
        copy.setDefault((Param) p, value);
      }
    }
    return copy;
  }
}
