package ai.refinery.ensembles;

import ai.refinery.estimators.SchemaChecks;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Schema checks and output schemas of the stacking stages. */
final class StackingSchemas {
  private StackingSchemas() {}

  @SuppressWarnings({"unchecked", "rawtypes"})
  static StructType estimator(StackingParams p, StructType schema, String method, String source) {
    SchemaChecks.requireVector(schema, p.getFeaturesCol(), "featuresCol");
    SchemaChecks.requireNumeric(schema, p.getLabelCol(), "labelCol");
    if (!p.getGroupCol().isEmpty()) {
      SchemaChecks.requireKey(schema, p.getGroupCol(), "groupCol");
    }
    PipelineStage[] bases = p.getBaseEstimators();
    StackingFit.checkBases(bases, method, source);
    for (PipelineStage b : bases) {
      b.transformSchema(schema);
    }
    PipelineStage meta = p.getMetaEstimator();
    ParamMap extra = new ParamMap();
    extra.put((Param) meta.getParam("featuresCol"), StackingFit.META);
    extra.put((Param) meta.getParam("labelCol"), p.getLabelCol());
    extra.put((Param) meta.getParam("predictionCol"), p.getPredictionCol());
    StructType out =
        meta.copy(extra).transformSchema(schema.add(StackingFit.META, new VectorUDT(), false));
    return without(out, StackingFit.META);
  }

  static StructType without(StructType schema, String col) {
    List<StructField> fields = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (!f.name().equals(col)) {
        fields.add(f);
      }
    }
    return new StructType(fields.toArray(new StructField[0]));
  }

  /** Meta-stages deep-copy their nested stages in copy() (Spark's CrossValidator does too). */
  static void deepCopyStages(StackingParams c) {
    if (c.isSet(c.baseEstimators())) {
      PipelineStage[] bases = c.getBaseEstimators();
      PipelineStage[] copies = new PipelineStage[bases.length];
      for (int i = 0; i < bases.length; i++) {
        copies[i] = bases[i].copy(ParamMap.empty());
      }
      c.set(c.baseEstimators(), copies);
    }
    if (c.isSet(c.metaEstimator())) {
      c.set(c.metaEstimator(), c.getMetaEstimator().copy(ParamMap.empty()));
    }
  }
}
