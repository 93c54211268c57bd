package ai.refinery.ensembles;

import ai.refinery.estimators.SchemaChecks;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Schema checks, output schemas and scoring of the stacking stages. */
final class StackingSchemas {
  /** The stacking stage's output params handed to the meta-estimator or meta model. */
  private static final String[] OUTPUTS = {
    "predictionCol", "rawPredictionCol", "probabilityCol", "thresholds"
  };

  private StackingSchemas() {}

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
    ParamMap extra = metaParams(p, meta);
    put(extra, meta, "labelCol", p.getLabelCol());
    StructType out =
        meta.copy(extra).transformSchema(schema.add(StackingFit.META, new VectorUDT(), false));
    return without(out, StackingFit.META);
  }

  /**
   * The meta stage's params that make it read the meta-features and write the stacking stage's
   * output columns (predictionCol, rawPredictionCol, probabilityCol, thresholds when set).
   */
  static ParamMap metaParams(Params stage, Params meta) {
    ParamMap extra = new ParamMap();
    put(extra, meta, "featuresCol", StackingFit.META);
    for (String name : OUTPUTS) {
      if (stage.hasParam(name) && stage.isDefined(stage.getParam(name))) {
        put(extra, meta, name, stage.getOrDefault(stage.getParam(name)));
      }
    }
    return extra;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void put(ParamMap extra, Params meta, String name, Object value) {
    if (meta.hasParam(name)) {
      extra.put((Param) meta.getParam(name), value);
    }
  }

  /** A fitted stacking model's output schema: the meta model's outputs under its own names. */
  static StructType model(
      StackingParams model, PredictionModel<Vector, ?> meta, StructType schema) {
    SchemaChecks.requireVector(schema, model.getFeaturesCol(), "featuresCol");
    return without(
        meta.copy(metaParams(model, meta))
            .transformSchema(schema.add(StackingFit.META, new VectorUDT(), false)),
        StackingFit.META);
  }

  /** Scores {@code dataset} with a fitted stacking model: base models, then the meta model. */
  static Dataset<Row> transform(
      StackingParams model, StackingFit.Result fitted, String method, Dataset<?> dataset) {
    PredictionModel<Vector, ?> meta = fitted.meta();
    StructType expected = model(model, meta, dataset.schema());
    Dataset<Row> withMeta =
        StackingFit.metaFeatures(
            dataset.toDF(),
            fitted.bases(),
            method,
            fitted.numClasses(),
            model.getPassthrough(),
            model.getFeaturesCol());
    Column[] cols =
        java.util.Arrays.stream(expected.fieldNames()).map(functions::col).toArray(Column[]::new);
    return meta.copy(metaParams(model, meta)).transform(withMeta).select(cols);
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
}
