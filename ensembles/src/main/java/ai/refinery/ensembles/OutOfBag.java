package ai.refinery.ensembles;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Out-of-bag scores: every training row is scored only by the members whose sample did not contain
 * it (recomputed from the row key and the member seed, see {@link Bootstrap}), and the metric is
 * aggregated on the executors.
 */
final class OutOfBag {
  private static final Logger LOG = LoggerFactory.getLogger(OutOfBag.class);
  private static final String OOB = "__oob";

  private OutOfBag() {}

  static OobScore classification(
      BaggingClassificationModel model, Dataset<Row> data, String labelCol, String fitId) {
    MemberSet members = model.members();
    int k = model.numClasses();
    double fraction = model.getSampleFraction();
    boolean replacement = model.getBootstrap();
    boolean hard = model.isHardVoting();
    UserDefinedFunction score =
        functions.udf(
            (UDF2<Vector, Long, Vector>)
                (x, key) -> {
                  double[] sum = new double[k];
                  int n = 0;
                  for (int m = 0; m < members.size(); m++) {
                    if (members.inBag(m, key, fraction, replacement)) {
                      continue;
                    }
                    n++;
                    BaggingClassificationModel.accumulate(members, m, x, hard, sum);
                  }
                  if (n == 0) {
                    return null;
                  }
                  double[] out = new double[k + 1];
                  for (int c = 0; c < k; c++) {
                    out[c] = sum[c] / n;
                  }
                  out[k] = n; // the number of out-of-bag members, split off below
                  return Vectors.dense(out);
                },
            new VectorUDT());
    UserDefinedFunction votes =
        functions.udf(
            (UDF1<Vector, Vector>)
                v -> {
                  double[] a = v.toArray();
                  return Vectors.dense(Arrays.copyOf(a, k));
                },
            new VectorUDT());
    UserDefinedFunction count =
        functions.udf((UDF1<Vector, Double>) v -> v.apply(k), DataTypes.DoubleType);
    UserDefinedFunction argmax =
        functions.udf((UDF1<Vector, Double>) v -> (double) v.argmax(), DataTypes.DoubleType);
    String raw = OOB + "_raw";
    Dataset<Row> scored =
        data.withColumn(
                raw,
                score.apply(functions.col(model.getFeaturesCol()), functions.col(BaggingFit.KEY)))
            .withColumn(
                OOB,
                functions.when(functions.col(raw).isNotNull(), votes.apply(functions.col(raw))))
            .withColumn(
                OOB + "_n",
                functions.when(functions.col(raw).isNotNull(), count.apply(functions.col(raw))))
            .drop(raw);
    Column covered = functions.col(OOB).isNotNull();
    Row agg =
        scored
            .agg(
                functions.count(functions.lit(1)),
                functions.sum(functions.when(covered, 1).otherwise(0)),
                functions.avg(
                    functions.when(
                        covered,
                        functions
                            .when(
                                argmax.apply(functions.col(OOB)).equalTo(functions.col(labelCol)),
                                1.0)
                            .otherwise(0.0))),
                functions.avg(functions.col(OOB + "_n")))
            .head();
    long total = agg.getLong(0);
    long n = agg.getLong(1);
    double acc = agg.isNullAt(2) ? Double.NaN : agg.getDouble(2);
    double voters = agg.isNullAt(3) ? Double.NaN : agg.getDouble(3);
    double auc = Double.NaN;
    if (k == 2 && n > 0) {
      auc =
          new BinaryClassificationEvaluator()
              .setLabelCol(labelCol)
              .setRawPredictionCol(OOB)
              .evaluate(scored.filter(covered));
    }
    OobScore s = new OobScore(acc, auc, total == 0 ? 0 : (double) n / total, voters);
    LOG.info(
        "[{}] out-of-bag accuracy {} (ROC AUC {}) over {} of {} rows, {}",
        fitId,
        acc,
        auc,
        n,
        total,
        votersNote(voters, members.size()));
    return s;
  }

  /** How many members each out-of-bag vote came from, for the log. */
  static String votersNote(double voters, int members) {
    return String.format(
        Locale.ROOT,
        "each scored by %.1f of the %d members on"
            + " average: the estimate describes an ensemble of about that size",
        voters,
        members);
  }

  static OobScore regression(
      BaggingRegressionModel model, Dataset<Row> data, String labelCol, String fitId) {
    MemberSet members = model.members();
    double fraction = model.getSampleFraction();
    boolean replacement = model.getBootstrap();
    UserDefinedFunction score =
        functions.udf(
            (UDF2<Vector, Long, double[]>)
                (x, key) -> {
                  double sum = 0;
                  int n = 0;
                  for (int m = 0; m < members.size(); m++) {
                    if (!members.inBag(m, key, fraction, replacement)) {
                      sum += members.predict(m, x);
                      n++;
                    }
                  }
                  return n == 0 ? null : new double[] {sum / n, n};
                },
            DataTypes.createArrayType(DataTypes.DoubleType));
    String raw = OOB + "_raw";
    Dataset<Row> scored =
        data.withColumn(
                raw,
                score.apply(functions.col(model.getFeaturesCol()), functions.col(BaggingFit.KEY)))
            .withColumn(OOB, functions.element_at(functions.col(raw), 1))
            .withColumn(OOB + "_n", functions.element_at(functions.col(raw), 2))
            .drop(raw);
    Column covered = functions.col(OOB).isNotNull();
    Column label = functions.col(labelCol);
    Column err = functions.col(OOB).minus(label);
    List<Row> rows =
        scored
            .filter(covered)
            .agg(
                functions.count(functions.lit(1)),
                functions.avg(err.multiply(err)),
                functions.var_pop(label),
                functions.avg(functions.col(OOB + "_n")))
            .collectAsList();
    long total = data.count();
    Row agg = rows.get(0);
    long n = agg.getLong(0);
    double mse = agg.isNullAt(1) ? Double.NaN : agg.getDouble(1);
    double var = agg.isNullAt(2) ? Double.NaN : agg.getDouble(2);
    double voters = agg.isNullAt(3) ? Double.NaN : agg.getDouble(3);
    double r2 = 1 - mse / var;
    LOG.info(
        "[{}] out-of-bag R2 {} (RMSE {}) over {} of {} rows, {}",
        fitId,
        r2,
        Math.sqrt(mse),
        n,
        total,
        votersNote(voters, members.size()));
    return new OobScore(r2, Math.sqrt(mse), total == 0 ? 0 : (double) n / total, voters);
  }
}
