package ai.refinery.cv;

import ai.refinery.estimators.internal.SparkBridge;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

/**
 * Saves and loads the nested part of a cross-validator (estimator, evaluator, fold assigner, param
 * maps) in sub-folders, laid out like Spark's CrossValidator: {@code metadata/} holds the simple
 * params, {@code estimator/}, {@code evaluator/}, {@code foldAssigner/} the stages with their own
 * writers, {@code estimatorParamMaps/} the maps as JSON text.
 */
final class NestedStages {
  private NestedStages() {}

  /** Fails before any file is written when a nested stage cannot be saved. */
  static void checkWritable(FoldCrossValidatorParams p) {
    requireWritable(p.getEstimator(), "estimator");
    requireWritable(p.getEvaluator(), "evaluator");
    if (p.getFoldAssigner() != null) {
      requireWritable(p.getFoldAssigner(), "foldAssigner");
    }
  }

  private static void requireWritable(Object stage, String param) {
    if (!(stage instanceof MLWritable)) {
      throw new UnsupportedOperationException(
          String.format(
              "Param %s holds %s, which is not MLWritable, so the cross-validator cannot be saved.",
              param, stage.getClass().getName()));
    }
  }

  static void save(FoldCrossValidatorParams p, String path, SparkSession spark) {
    try {
      ((MLWritable) p.getEstimator()).save(path + "/estimator");
      ((MLWritable) p.getEvaluator()).save(path + "/evaluator");
      if (p.getFoldAssigner() != null) {
        ((MLWritable) p.getFoldAssigner()).save(path + "/foldAssigner");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String json = p.estimatorParamMaps().jsonEncode(p.getEstimatorParamMaps());
    spark
        .createDataset(List.of(json), Encoders.STRING())
        .coalesce(1)
        .write()
        .text(path + "/estimatorParamMaps");
  }

  /** Loads the nested stages and param maps and sets them on {@code p}. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static void load(FoldCrossValidatorParams p, String path, SparkSession spark) {
    SparkContext sc = spark.sparkContext();
    Estimator<?> est = SparkBridge.loadStage(path + "/estimator", sc);
    Evaluator eval = SparkBridge.loadStage(path + "/evaluator", sc);
    p.set((org.apache.spark.ml.param.Param) p.estimator(), est);
    p.set((org.apache.spark.ml.param.Param) p.evaluator(), eval);
    if (exists(path + "/foldAssigner", sc)) {
      FoldAssigner fa = SparkBridge.loadStage(path + "/foldAssigner", sc);
      p.set((org.apache.spark.ml.param.Param) p.foldAssigner(), fa);
    }
    String json = spark.read().text(path + "/estimatorParamMaps").first().getString(0);
    List<Params> stages = new ArrayList<>();
    stages.add(est);
    stages.add(eval);
    ParamMap[] maps = ParamMapsParam.decode(json, stages);
    p.set(p.estimatorParamMaps(), maps);
  }

  private static boolean exists(String path, SparkContext sc) {
    try {
      org.apache.hadoop.fs.Path hp = new org.apache.hadoop.fs.Path(path);
      return hp.getFileSystem(sc.hadoopConfiguration()).exists(hp);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
