package ai.refinery.ensembles;

import ai.refinery.estimators.run.OneTask;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.LabeledPoint;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import ml.dmlc.xgboost4j.scala.spark.XGBoostEstimator;
import ml.dmlc.xgboost4j.scala.spark.XGBoostModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostTrainingSummary;
import ml.dmlc.xgboost4j.scala.spark.XGBoostTrainingSummary$;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;

/**
 * XGBoost fitted in ONE Spark task with xgboost4j's own Java API, the way XGBoost4J-Spark fits with
 * one worker: the same checks and derived params ({@code validate}: objective, num_class, nthread =
 * spark.task.cpus), the same booster params ({@code getXGBoostParams}), the same input rows in the
 * same order (label and weight as float, the features column as is, {@code repartition(1)}), the
 * same {@code DMatrix} (missing value) and the same {@code train} call; the booster comes back as
 * bytes and becomes XGBoost4J-Spark's own model through the estimator's {@code createModel}, so
 * predictions and saved models are those of a distributed one-worker fit. No Rabit tracker, no
 * barrier stage, no driver collect of rows.
 */
final class XGBoostLocalFit {
  private static final String EVAL_MARK = "__rxgb_is_eval";

  private XGBoostLocalFit() {}

  /** Why {@code xgb} cannot fit in one task, or null. */
  static String whyNot(XGBoostEstimator<?, ?> xgb) {
    if (xgb.isSet(xgb.numWorkers()) && xgb.getNumWorkers() > 1) {
      return "numWorkers = " + xgb.getNumWorkers() + " (one task is one worker)";
    }
    String device = xgb.getDevice();
    if (device != null && !device.equals("cpu")) {
      return "device = " + device + " (the one-task engine runs on CPU)";
    }
    if ("gpu_hist".equals(xgb.getTreeMethod())) {
      return "tree_method = gpu_hist (the one-task engine runs on CPU)";
    }
    if (xgb.getUseExternalMemory()) {
      return "useExternalMemory = true";
    }
    if (xgb.getCustomObj() != null || xgb.getCustomEval() != null) {
      return "a custom objective or eval function is set";
    }
    if (xgb.isDefinedNonEmpty(xgb.baseMarginCol())) {
      return "baseMarginCol is set";
    }
    if (xgb.getFeaturesCols().length > 0) {
      return "featuresCols (several feature columns) is set";
    }
    return null;
  }

  /**
   * Fits {@code xgb} (configured; its fitted model takes its uid) on {@code train}, with {@code
   * eval} (or null) as its eval set; both already have dense features when they need them.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Model<?> fit(XGBoostEstimator<?, ?> xgb, Dataset<Row> train, Dataset<Row> eval) {
    String why = whyNot(xgb);
    if (why != null) {
      throw new IllegalArgumentException(
          "XGBoost cannot fit in one task: " + why + ". Use executionMode = distributed.");
    }
    // what Predictor.fit does before train: the schema check, label (and weight) cast to double
    ((org.apache.spark.ml.PipelineStage) xgb).transformSchema(train.schema());
    Dataset<Row> casted = toDouble(toDouble(train, xgb.getLabelCol()), weightCol(xgb));
    boolean userThreads = xgb.isSet(xgb.nthread());
    // XGBoost4J-Spark's own checks and derived params (objective, num_class, nthread)
    xgb.validate(casted);
    Dataset<Row> rows = OneTask.gather(select(xgb, casted), true);
    if (eval != null) {
      Dataset<Row> e =
          OneTask.gather(
              select(xgb, toDouble(toDouble(eval, xgb.getLabelCol()), weightCol(xgb))), true);
      rows =
          rows.withColumn(EVAL_MARK, functions.lit(false))
              .unionByName(e.withColumn(EVAL_MARK, functions.lit(true)))
              .coalesce(1);
    }
    // as xgboost4j's Scala train passes them: non-null values as strings
    Map<String, Object> params = new HashMap<>();
    scala.collection.JavaConverters.mapAsJavaMap(
            (scala.collection.Map<String, Object>) (scala.collection.Map) xgb.getXGBoostParams())
        .forEach(
            (k, v) -> {
              if (v != null) {
                params.put(k, v.toString());
              }
            });
    Spec spec =
        new Spec(
            params,
            userThreads,
            xgb.getNumRound(),
            xgb.getNumEarlyStoppingRounds(),
            xgb.getMissing(),
            !weightCol(xgb).isEmpty(),
            eval != null,
            rows.schema().apply(xgb.getFeaturesCol()).dataType() instanceof ArrayType,
            xgb.getFeatureNames().length > 0 ? xgb.getFeatureNames() : null,
            xgb.getFeatureTypes().length > 0 ? xgb.getFeatureTypes() : null);
    byte[] bytes = OneTask.run(rows, (it, cores) -> spec.train(it, cores));
    Fitted f = Fitted.read(bytes);
    XGBoostModel<?> model =
        xgb.createModel(new ml.dmlc.xgboost4j.scala.Booster(f.booster), f.summary());
    xgb.copyValues((org.apache.spark.ml.param.Params) model, ParamMap.empty());
    ((Model) model).setParent((Estimator) xgb);
    return (Model<?>) model;
  }

  private static String weightCol(XGBoostEstimator<?, ?> xgb) {
    return xgb.isDefinedNonEmpty(xgb.weightCol()) ? xgb.getWeightCol() : "";
  }

  private static Dataset<Row> toDouble(Dataset<Row> df, String c) {
    if (c.isEmpty()) {
      return df;
    }
    Metadata meta = df.schema().apply(c).metadata();
    return df.withColumn(c, functions.col(c).cast(DataTypes.DoubleType), meta);
  }

  /** XGBoost4J-Spark's training columns: label, features, weight; label and weight as float. */
  private static Dataset<Row> select(XGBoostEstimator<?, ?> xgb, Dataset<Row> df) {
    List<Column> cols = new ArrayList<>();
    cols.add(asFloat(df, xgb.getLabelCol()));
    String fc = xgb.getFeaturesCol();
    cols.add(
        df.schema().apply(fc).dataType() instanceof ArrayType
            ? functions.col(fc).cast(DataTypes.createArrayType(DataTypes.FloatType))
            : functions.col(fc));
    if (!weightCol(xgb).isEmpty()) {
      cols.add(asFloat(df, weightCol(xgb)));
    }
    return df.select(cols.toArray(new Column[0]));
  }

  private static Column asFloat(Dataset<Row> df, String c) {
    if (df.schema().apply(c).dataType().equals(DataTypes.FloatType)) {
      return functions.col(c);
    }
    return functions.col(c).as(c, df.schema().apply(c).metadata()).cast(DataTypes.FloatType);
  }

  /** What the task needs; serializable. */
  private record Spec(
      Map<String, Object> params,
      boolean userThreads,
      int numRound,
      int earlyStopping,
      float missing,
      boolean weighted,
      boolean withEval,
      boolean arrayFeatures,
      String[] featureNames,
      String[] featureTypes)
      implements java.io.Serializable {

    byte[] train(Iterator<Row> rows, int cores) throws XGBoostError {
      List<LabeledPoint> tr = new ArrayList<>();
      List<LabeledPoint> ev = new ArrayList<>();
      while (rows.hasNext()) {
        Row r = rows.next();
        float[] values;
        if (arrayFeatures) {
          List<Float> l = r.getList(1);
          values = new float[l.size()];
          for (int i = 0; i < values.length; i++) {
            values[i] = l.get(i) == null ? Float.NaN : l.get(i);
          }
        } else {
          double[] d =
              ((Vector) r.get(1)).toArray(); // sparse: absent entries are 0, as in XGBoost4J-Spark
          values = new float[d.length];
          for (int i = 0; i < d.length; i++) {
            values[i] = (float) d[i];
          }
        }
        float w = weighted ? r.getFloat(2) : 1.0f;
        LabeledPoint p =
            new LabeledPoint(r.getFloat(0), values.length, null, values, w, -1, Float.NaN);
        if (withEval && r.getBoolean(r.length() - 1)) {
          ev.add(p);
        } else {
          tr.add(p);
        }
      }
      Map<String, Object> ps = new HashMap<>(params);
      if (!userThreads) {
        ps.put("nthread", String.valueOf(cores)); // the task's cores (spark.task.cpus)
      }
      DMatrix dtrain = matrix(tr);
      DMatrix deval = withEval && !ev.isEmpty() ? matrix(ev) : null;
      try {
        Map<String, DMatrix> watches = new LinkedHashMap<>();
        watches.put("train", dtrain);
        if (deval != null) {
          watches.put("eval", deval);
        }
        float[][] metrics = new float[watches.size()][numRound];
        Booster b =
            XGBoost.train(dtrain, ps, numRound, watches, metrics, null, null, earlyStopping);
        try {
          ByteArrayOutputStream bo = new ByteArrayOutputStream();
          try (DataOutputStream out = new DataOutputStream(bo)) {
            out.writeInt(watches.size());
            int i = 0;
            for (String name : watches.keySet()) {
              out.writeUTF(name);
              out.writeInt(metrics[i].length);
              for (float v : metrics[i]) {
                out.writeFloat(v);
              }
              i++;
            }
            byte[] model = b.toByteArray();
            out.writeInt(model.length);
            out.write(model);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return bo.toByteArray();
        } finally {
          b.dispose();
        }
      } finally {
        dtrain.dispose();
        if (deval != null) {
          deval.dispose();
        }
      }
    }

    private DMatrix matrix(List<LabeledPoint> points) throws XGBoostError {
      DMatrix m = new DMatrix(points.iterator(), null, missing);
      if (featureTypes != null) {
        m.setFeatureTypes(featureTypes);
      }
      if (featureNames != null) {
        m.setFeatureNames(featureNames);
      }
      return m;
    }
  }

  /** The task's answer: the booster and each watch's per-round metric. */
  private record Fitted(Booster booster, Map<String, float[]> metrics) {
    static Fitted read(byte[] bytes) {
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
        Map<String, float[]> m = new LinkedHashMap<>();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
          String name = in.readUTF();
          float[] v = new float[in.readInt()];
          for (int j = 0; j < v.length; j++) {
            v[j] = in.readFloat();
          }
          m.put(name, v);
        }
        byte[] model = new byte[in.readInt()];
        in.readFully(model);
        return new Fitted(XGBoost.loadModel(model), m);
      } catch (IOException | XGBoostError e) {
        throw new IllegalStateException("cannot read the model of a one-task XGBoost fit", e);
      }
    }

    @SuppressWarnings("unchecked")
    XGBoostTrainingSummary summary() {
      scala.collection.immutable.Map<String, float[]> sm =
          scala.collection.JavaConverters.mapAsScalaMap(metrics)
              .toMap(scala.Predef.<scala.Tuple2<String, float[]>>$conforms());
      return XGBoostTrainingSummary$.MODULE$.apply(sm);
    }
  }
}
