package ai.refinery.ensembles;

import ai.refinery.estimators.SchemaChecks;
import ai.refinery.estimators.listen.Decision;
import ai.refinery.estimators.listen.StepKind;
import ai.refinery.estimators.listen.TrainingEvent;
import ai.refinery.estimators.listen.TrainingListeners;
import ai.refinery.estimators.params.ParamCheck;
import java.util.LinkedHashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.scala.Booster;
import ml.dmlc.xgboost4j.scala.spark.XGBoostTrainingSummary;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.Tuple2;

/**
 * What Refinery adds around XGBoost4J-Spark's estimators: an eval set taken from a validation
 * indicator column or a fold of a fold column (XGBoost4J-Spark 3.0 only takes a separate eval
 * Dataset, which Spark's CrossValidator and Pipeline cannot pass), and per-round eval metrics
 * reported to the training listeners after the fit.
 */
final class XGBoostRuns {
  private static final Logger LOG = LoggerFactory.getLogger(XGBoostRuns.class);

  private XGBoostRuns() {}

  /** The validation params of the Refinery XGBoost estimators. */
  static final class ValidationParams implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final Param<String> validationIndicatorCol;
    final Param<String> foldCol;
    final IntParam validationFold;

    ValidationParams(Params owner) {
      validationIndicatorCol =
          new Param<>(
              owner,
              "validationIndicatorCol",
              "boolean column: true rows form XGBoost's eval set (early stopping with"
                  + " numEarlyStoppingRounds) and are not trained on; empty means none");
      foldCol = ai.refinery.estimators.params.ParamSpecs.foldCol(owner);
      validationFold =
          new IntParam(
              owner,
              "validationFold",
              "fold (value of foldCol) used as the eval set; -1 means none",
              ParamCheck.<Object>of("validationFold", "must be >= -1", v -> (Integer) v >= -1));
      owner.setDefault(validationIndicatorCol, "");
      owner.setDefault(foldCol, "");
      owner.setDefault(validationFold, -1);
    }
  }

  static void checkSchema(StructType schema, String indicator, String foldCol, int fold) {
    if (!indicator.isEmpty()) {
      if (!(SchemaChecks.requireColumn(schema, indicator, "validationIndicatorCol").dataType()
          instanceof BooleanType)) {
        throw new IllegalArgumentException(
            String.format(
                "Column '%s' (param validationIndicatorCol) must be boolean but is %s. Cast it or set"
                    + " validationIndicatorCol.",
                indicator, schema.apply(indicator).dataType().catalogString()));
      }
      if (fold >= 0) {
        throw new IllegalArgumentException(
            "Set either validationIndicatorCol or validationFold,"
                + " not both (validationIndicatorCol = '"
                + indicator
                + "', validationFold = "
                + fold
                + ").");
      }
    }
    if (fold >= 0) {
      if (foldCol.isEmpty()) {
        throw new IllegalArgumentException(
            "validationFold = "
                + fold
                + " needs param foldCol:"
                + " set it to the fold column (e.g. from StratifiedKFold).");
      }
      SchemaChecks.requireIntegral(schema, foldCol, "foldCol");
    }
  }

  /** The validation rows' condition, or null when there is no eval set. */
  static Column validation(String indicator, String foldCol, int fold) {
    if (!indicator.isEmpty()) {
      return functions.coalesce(functions.col(indicator), functions.lit(false));
    }
    if (fold >= 0) {
      return functions.coalesce(functions.col(foldCol).equalTo(fold), functions.lit(false));
    }
    return null;
  }

  /**
   * XGBoost4J-Spark refuses sparse feature vectors unless its {@code missing} param is set
   * explicitly (an absent entry could mean 0 or missing). Spark's VectorAssembler, and so
   * TabularFeaturizer, emit sparse vectors when most values are 0. When {@code missing} is not set
   * on the wrapped stage, feature vectors are made dense first: absent entries are zeros and NaN
   * stays missing, which is what they mean in a Spark ML features column.
   */
  static Dataset<Row> denseFeatures(Dataset<?> dataset, Params xgb) {
    Dataset<Row> df = dataset.toDF();
    if (!needsDense(xgb, df.schema())) {
      return df;
    }
    String c = featuresCol(xgb);
    org.apache.spark.sql.types.Metadata meta = df.schema().apply(c).metadata();
    return df.withColumn(c, DENSE.apply(functions.col(c)).as(c, meta));
  }

  /** True when {@link #denseFeatures} changes the features column. */
  static boolean needsDense(Params xgb, StructType schema) {
    if (xgb.hasParam("missing") && xgb.isSet(xgb.getParam("missing"))) {
      return false;
    }
    return java.util.Arrays.asList(schema.fieldNames()).contains(featuresCol(xgb));
  }

  static String featuresCol(Params xgb) {
    return (String) xgb.getOrDefault(xgb.getParam("featuresCol"));
  }

  private static final org.apache.spark.sql.expressions.UserDefinedFunction DENSE =
      functions.udf(
          (org.apache.spark.sql.api.java.UDF1<
                  org.apache.spark.ml.linalg.Vector, org.apache.spark.ml.linalg.Vector>)
              v -> v == null ? null : v.toDense(),
          org.apache.spark.ml.linalg.SQLDataTypes.VectorType());

  static Dataset<Row> train(Dataset<?> dataset, Column valid) {
    return valid == null ? dataset.toDF() : dataset.toDF().filter(functions.not(valid));
  }

  static Dataset<Row> eval(Dataset<?> dataset, Column valid) {
    return dataset.toDF().filter(valid);
  }

  /** Reports each round's metrics from the training summary; a STOP ends the replay. */
  static void report(
      String fitId,
      String source,
      Option<XGBoostTrainingSummary> summary,
      Booster booster,
      String metricName) {
    if (summary.isEmpty()) {
      return;
    }
    XGBoostTrainingSummary s = summary.get();
    float[] train = s.trainObjectiveHistory();
    scala.collection.Seq<Tuple2<String, float[]>> valid = s.validationObjectiveHistory();
    int rounds = train.length;
    try {
      // the history arrays have numRound slots; after early stopping the tail is zeros
      rounds = (int) Math.min(train.length, booster.getNumBoostedRound());
    } catch (Exception e) {
      LOG.debug("[{}] booster round count unavailable: {}", fitId, e.toString());
    }
    String reason = rounds + " rounds";
    try {
      String best = booster.getAttr("best_iteration");
      if (best != null && rounds < train.length) { // XGBoost sets best_iteration either way
        reason = "early stopping: best iteration " + best + " of " + rounds + " rounds run";
      }
    } catch (Exception e) {
      LOG.debug("[{}] no best_iteration attribute: {}", fitId, e.toString());
    }
    for (int i = 0; i < rounds; i++) {
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("train-" + metricName, (double) train[i]);
      for (int v = 0; v < valid.size(); v++) {
        Tuple2<String, float[]> t = valid.apply(v);
        if (i < t._2().length) {
          m.put(t._1() + "-" + metricName, (double) t._2()[i]);
        }
      }
      Decision d =
          TrainingListeners.emit(
              TrainingEvent.step(fitId, source, StepKind.ROUND, i + 1, rounds, m));
      if (d == Decision.STOP) {
        reason +=
            "; a listener asked to stop after round "
                + (i + 1)
                + " (the booster had finished, so the model keeps its rounds)";
        break;
      }
    }
    LOG.info("[{}] {}: {}", fitId, source, reason);
    TrainingListeners.emit(
        TrainingEvent.finished(fitId, source, StepKind.ROUND, rounds, rounds, Map.of(), reason));
  }

  /** Copies every param set on {@code from} (same class) onto {@code to}. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static void copyInto(Params from, Params to) {
    for (Param<?> p : from.params()) {
      if (from.isSet(p)) {
        to.set((Param) to.getParam(p.name()), from.getOrDefault(p));
      }
    }
  }

  /** The pairs of {@code extra} that belong to the wrapped estimator. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static org.apache.spark.ml.param.ParamMap forInner(
      org.apache.spark.ml.param.ParamMap extra, Params inner) {
    org.apache.spark.ml.param.ParamMap out = new org.apache.spark.ml.param.ParamMap();
    scala.collection.Iterator<org.apache.spark.ml.param.ParamPair<?>> it = extra.toSeq().iterator();
    while (it.hasNext()) {
      org.apache.spark.ml.param.ParamPair<?> pp = it.next();
      if (pp.param().parent().equals(inner.uid())) {
        out.put((Param) pp.param(), pp.value());
      }
    }
    return out;
  }
}
