package ai.refinery.cv;

import ai.refinery.estimators.internal.SparkBridge;
import ai.refinery.estimators.nested.NestedStages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted {@link FoldCrossValidator}: the best param map's model refit on all data (used by {@link
 * #transform}), the metric of every (param map, fold), and the out-of-fold predictions of the best
 * param map.
 */
public class FoldCrossValidatorModel extends Model<FoldCrossValidatorModel>
    implements FoldCrossValidatorParams, MLWritable {
  private static final StructType METRICS_SCHEMA =
      new StructType()
          .add("paramIndex", DataTypes.IntegerType, false)
          .add("params", DataTypes.StringType, false)
          .add("fold", DataTypes.IntegerType, false)
          .add("metric", DataTypes.DoubleType, true);
  private static final StructType SUMMARY_SCHEMA =
      new StructType()
          .add("paramIndex", DataTypes.IntegerType, false)
          .add("params", DataTypes.StringType, false)
          .add("mean", DataTypes.DoubleType, true)
          .add("std", DataTypes.DoubleType, true)
          .add("numFolds", DataTypes.IntegerType, false)
          .add("isBest", DataTypes.BooleanType, false);

  private final String uid;
  private final CrossValidatorParamSet p;
  private final Model<?> bestModel;
  private final double[][] metrics;
  private final boolean[] completeFolds;
  private final int bestIndex;
  private final Dataset<Row> oof;
  private final String oofFoldCol;

  /**
   * @param metrics [param map][fold], NaN where not computed
   * @param completeFolds folds whose every param map was evaluated (the ones averaged)
   * @param oof out-of-fold predictions of the best param map, or null
   */
  public FoldCrossValidatorModel(
      String uid,
      Model<?> bestModel,
      double[][] metrics,
      boolean[] completeFolds,
      int bestIndex,
      Dataset<Row> oof,
      String oofFoldCol) {
    this.uid = uid;
    this.p = new CrossValidatorParamSet(this);
    this.bestModel = bestModel;
    this.metrics = metrics;
    this.completeFolds = completeFolds;
    this.bestIndex = bestIndex;
    this.oof = oof;
    this.oofFoldCol = oofFoldCol;
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public CrossValidatorParamSet cvParams() {
    return p;
  }

  /** The best param map's model, refit on all data. */
  public Model<?> bestModel() {
    return bestModel;
  }

  /** Index of the best param map in estimatorParamMaps. */
  public int bestIndex() {
    return bestIndex;
  }

  /** The best param map. */
  public ParamMap bestParamMap() {
    return getEstimatorParamMaps()[bestIndex];
  }

  /** Mean metric over the completed folds, per param map. */
  public double[] avgMetrics() {
    return mean(metrics, completeFolds);
  }

  /** Population standard deviation over the completed folds, per param map (as Spark's). */
  public double[] stdMetrics() {
    double[] avg = avgMetrics();
    double[] out = new double[metrics.length];
    for (int m = 0; m < metrics.length; m++) {
      double ss = 0;
      int n = 0;
      for (int f = 0; f < metrics[m].length; f++) {
        if (completeFolds[f]) {
          ss += (metrics[m][f] - avg[m]) * (metrics[m][f] - avg[m]);
          n++;
        }
      }
      out[m] = Math.sqrt(ss / n);
    }
    return out;
  }

  /** Metric of fold {@code f} for param map {@code m} (NaN when it was not computed). */
  public double metric(int m, int f) {
    return metrics[m][f];
  }

  /** Whether fold {@code f} completed (all its param maps evaluated). */
  public boolean isFoldComplete(int f) {
    return completeFolds[f];
  }

  /**
   * {@code paramIndex, params, fold, metric}: one row per param map and fold. With a repeating fold
   * assigner, {@code fold} is the split index {@code repeat * numFolds + fold}.
   */
  public Dataset<Row> foldMetrics() {
    List<Row> rows = new ArrayList<>();
    ParamMap[] maps = getEstimatorParamMaps();
    for (int m = 0; m < metrics.length; m++) {
      for (int f = 0; f < metrics[m].length; f++) {
        rows.add(
            RowFactory.create(
                m, describe(maps[m]), f, Double.isNaN(metrics[m][f]) ? null : metrics[m][f]));
      }
    }
    return SparkSession.active().createDataFrame(rows, METRICS_SCHEMA);
  }

  /** {@code paramIndex, params, mean, std, numFolds, isBest}: one row per param map. */
  public Dataset<Row> metricsSummary() {
    double[] avg = avgMetrics();
    double[] std = stdMetrics();
    int n = 0;
    for (boolean c : completeFolds) {
      n += c ? 1 : 0;
    }
    List<Row> rows = new ArrayList<>();
    ParamMap[] maps = getEstimatorParamMaps();
    for (int m = 0; m < metrics.length; m++) {
      rows.add(RowFactory.create(m, describe(maps[m]), avg[m], std[m], n, m == bestIndex));
    }
    return SparkSession.active().createDataFrame(rows, SUMMARY_SCHEMA);
  }

  /**
   * Out-of-fold predictions of the best param map: every row of a completed fold predicted by the
   * model trained without that fold; columns {@code rowIdCol, <fold column>} and the columns the
   * model adds (prediction, probability, rawPrediction, ...), or all columns when rowIdCol is
   * empty. Null when not available (a model loaded from a save without them).
   */
  public Dataset<Row> oofPredictions() {
    return oof;
  }

  /** The fold column of {@link #oofPredictions()}. */
  public String oofFoldCol() {
    return oofFoldCol;
  }

  private static String describe(ParamMap m) {
    StringBuilder sb = new StringBuilder("{");
    m.toList()
        .forEach(
            pp -> {
              if (sb.length() > 1) {
                sb.append(", ");
              }
              sb.append(pp.param().name()).append('=').append(pp.value());
            });
    return sb.append('}').toString();
  }

  static double[] mean(double[][] metrics, boolean[] complete) {
    double[] out = new double[metrics.length];
    for (int m = 0; m < metrics.length; m++) {
      double s = 0;
      int n = 0;
      for (int f = 0; f < complete.length; f++) {
        if (complete[f]) {
          s += metrics[m][f];
          n++;
        }
      }
      out[m] = n == 0 ? Double.NaN : s / n;
    }
    return out;
  }

  /** Index of the best mean (first on ties, as Spark). */
  static int best(double[] avg, boolean larger) {
    int best = 0;
    for (int m = 1; m < avg.length; m++) {
      if (larger ? avg[m] > avg[best] : avg[m] < avg[best]) {
        best = m;
      }
    }
    return best;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return bestModel.transformSchema(schema);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    return bestModel.transform(dataset);
  }

  @Override
  public FoldCrossValidatorModel copy(ParamMap extra) {
    FoldCrossValidatorModel c =
        new FoldCrossValidatorModel(
            uid,
            (Model<?>) bestModel.copy(extra),
            metrics,
            completeFolds,
            bestIndex,
            oof,
            oofFoldCol);
    return copyValues(c, extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  public static MLReader<FoldCrossValidatorModel> read() {
    return new Reader();
  }

  public static FoldCrossValidatorModel load(String path) {
    return read().load(path);
  }

  /**
   * {@code metadata/}, the nested stages (see {@link NestedStages}), {@code estimatorParamMaps/},
   * {@code bestModel/}, {@code data/metrics} (paramIndex, fold, metric, complete, best) and {@code
   * data/oof} (the out-of-fold predictions, when present).
   */
  private static final class Writer extends ParamMapsParam.Writer {
    private static final StructType DATA_SCHEMA =
        new StructType()
            .add("paramIndex", DataTypes.IntegerType, false)
            .add("fold", DataTypes.IntegerType, false)
            .add("metric", DataTypes.DoubleType, false)
            .add("complete", DataTypes.BooleanType, false)
            .add("best", DataTypes.BooleanType, false)
            .add("oofFoldCol", DataTypes.StringType, false);
    private final FoldCrossValidatorModel model;

    Writer(FoldCrossValidatorModel model) {
      super(model);
      if (!(model.bestModel instanceof MLWritable)) {
        throw new UnsupportedOperationException(
            "The best model ("
                + model.bestModel.getClass().getName()
                + ") is not MLWritable; the cross-validator"
                + " model cannot be saved.");
      }
      this.model = model;
    }

    @Override
    void saveData(String path) {
      NestedStages.save(model.bestModel, path + "/bestModel");
      List<Row> rows = new ArrayList<>();
      for (int m = 0; m < model.metrics.length; m++) {
        for (int f = 0; f < model.metrics[m].length; f++) {
          rows.add(
              RowFactory.create(
                  m,
                  f,
                  model.metrics[m][f],
                  model.completeFolds[f],
                  m == model.bestIndex,
                  model.oofFoldCol));
        }
      }
      sparkSession()
          .createDataFrame(rows, DATA_SCHEMA)
          .coalesce(1)
          .write()
          .parquet(path + "/data/metrics");
      if (model.oof != null) {
        model.oof.write().parquet(path + "/data/oof");
      }
    }
  }

  private static final class Reader extends MLReader<FoldCrossValidatorModel> {
    @Override
    public FoldCrossValidatorModel load(String path) {
      String cls = FoldCrossValidatorModel.class.getName();
      String uid = SparkBridge.uid(path, sc(), cls);
      Model<?> best = NestedStages.load(path + "/bestModel", sc());
      List<Row> rows =
          sparkSession()
              .read()
              .parquet(path + "/data/metrics")
              .orderBy("paramIndex", "fold")
              .collectAsList();
      int numMaps = 0;
      int k = 0;
      for (Row r : rows) {
        numMaps = Math.max(numMaps, r.getInt(0) + 1);
        k = Math.max(k, r.getInt(1) + 1);
      }
      double[][] metrics = new double[numMaps][k];
      boolean[] complete = new boolean[k];
      int bestIndex = 0;
      String foldCol = "fold";
      for (Row r : rows) {
        metrics[r.getInt(0)][r.getInt(1)] = r.getDouble(2);
        complete[r.getInt(1)] = r.getBoolean(3);
        if (r.getBoolean(4)) {
          bestIndex = r.getInt(0);
        }
        foldCol = r.getString(5);
      }
      Dataset<Row> oof = null;
      try {
        org.apache.hadoop.fs.Path op = new org.apache.hadoop.fs.Path(path + "/data/oof");
        if (op.getFileSystem(sc().hadoopConfiguration()).exists(op)) {
          oof = sparkSession().read().parquet(op.toString());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      FoldCrossValidatorModel m =
          new FoldCrossValidatorModel(uid, best, metrics, complete, bestIndex, oof, foldCol);
      return ParamMapsParam.loadStage(m, path, sparkSession());
    }
  }
}
