package ai.refinery.ensembles;

import ai.refinery.estimators.nested.NestedStages;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The fitted members of a bagging ensemble: each member's model, seed and feature subset.
 * Serializable because models score rows on executors.
 */
final class MemberSet implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final StructType SCHEMA =
      new StructType()
          .add("member", DataTypes.IntegerType, false)
          .add("seed", DataTypes.LongType, false)
          .add("features", DataTypes.createArrayType(DataTypes.IntegerType), true);

  final List<PredictionModel<Vector, ?>> models;
  final long[] seeds;
  final int[][] featureIndices;

  MemberSet(List<PredictionModel<Vector, ?>> models, long[] seeds, int[][] featureIndices) {
    this.models = models;
    this.seeds = seeds;
    this.featureIndices = featureIndices;
  }

  int size() {
    return models.size();
  }

  Vector input(int m, Vector x) {
    int[] idx = featureIndices[m];
    if (idx == null) {
      return x;
    }
    return slice(x, idx);
  }

  static Vector slice(Vector x, int[] idx) {
    double[] out = new double[idx.length];
    for (int i = 0; i < idx.length; i++) {
      out[i] = x.apply(idx[i]);
    }
    return Vectors.dense(out);
  }

  double predict(int m, Vector x) {
    return models.get(m).predict(input(m, x));
  }

  /** Member m's class probabilities (one-hot of its prediction when it has none), padded to k. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  double[] probability(int m, Vector x, int numClasses) {
    PredictionModel<Vector, ?> model = models.get(m);
    double[] out = new double[numClasses];
    if (model instanceof ProbabilisticClassificationModel pcm) {
      double[] p =
          ((ProbabilisticClassificationModel<Vector, ?>) pcm)
              .predictProbability(input(m, x))
              .toArray();
      System.arraycopy(p, 0, out, 0, Math.min(p.length, numClasses));
    } else {
      int c = (int) model.predict(input(m, x));
      if (c >= 0 && c < numClasses) {
        out[c] = 1.0;
      }
    }
    return out;
  }

  boolean inBag(int m, long rowKey, double fraction, boolean replacement) {
    return Bootstrap.count(rowKey, seeds[m], fraction, replacement) > 0;
  }

  void save(String path, SparkSession spark) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (int m = 0; m < size(); m++) {
      rows.add(
          RowFactory.create(
              m,
              seeds[m],
              featureIndices[m] == null
                  ? null
                  : java.util.Arrays.stream(featureIndices[m]).boxed().toArray(Integer[]::new)));
    }
    spark.createDataFrame(rows, SCHEMA).coalesce(1).write().parquet(path + "/data/members");
    NestedStages.saveAll(models, path + "/members");
  }

  static MemberSet load(String path, SparkSession spark) {
    SparkContext sc = spark.sparkContext();
    List<Row> rows = spark.read().parquet(path + "/data/members").orderBy("member").collectAsList();
    List<PredictionModel<Vector, ?>> models = NestedStages.loadAll(path + "/members", sc);
    long[] seeds = new long[rows.size()];
    int[][] idx = new int[rows.size()][];
    for (int m = 0; m < rows.size(); m++) {
      Row r = rows.get(m);
      seeds[m] = r.getLong(1);
      if (!r.isNullAt(2)) {
        List<Integer> l = r.getList(2);
        idx[m] = l.stream().mapToInt(Integer::intValue).toArray();
      }
    }
    return new MemberSet(models, seeds, idx);
  }
}
