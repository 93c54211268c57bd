package ai.refinery.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Tiny, deterministic datasets for unit tests. Every dataset but {@link #duplicateHeavy} has an
 * {@code id} column (long) so that tests can compare outputs row by row.
 */
public final class TinyData {
  /** {@code id long, features vector, label double, group int}: classification and regression. */
  private static final StructType LABELED =
      new StructType(
          new StructField[] {
            new StructField("id", DataTypes.LongType, false, Metadata.empty()),
            new StructField("features", new VectorUDT(), false, Metadata.empty()),
            new StructField("label", DataTypes.DoubleType, false, Metadata.empty()),
            new StructField("group", DataTypes.IntegerType, false, Metadata.empty())
          });

  private TinyData() {}

  /**
   * Binary classification: {@code id, features (vector of 3), label (double 0/1), group (int)}. The
   * classes are separable by a noisy linear rule, so any reasonable classifier learns them.
   */
  public static Dataset<Row> binary(SparkSession spark, int rows, long seed) {
    return classification(spark, rows, 2, seed);
  }

  /**
   * Duplicate-heavy classification, as real tables with low-cardinality features are: no id column,
   * so most rows have exact twins. Columns {@code x1} (int, nullable), {@code x2} (double,
   * nullable, tied values), {@code features} (vector [x1 or -1, x2 or -1]), {@code label} (int
   * 0/1). Each row copies one of {@code distinct} feature prototypes, drawn with Zipf-like weights
   * 1/(i+1) (the most frequent prototype holds about a fifth of the rows at 60). Its label is 1
   * with probability {@code positiveRate + signal * (s_i - 0.5)}, clamped to [0.02, 0.98], where
   * s_i is a per-prototype score in [0, 1): with {@code signal = 0} the label is independent of the
   * features, and a feature vector usually appears with both labels.
   */
  public static Dataset<Row> duplicateHeavy(
      SparkSession spark, int rows, int distinct, double positiveRate, double signal, long seed) {
    Random r = new Random(seed);
    Integer[] x1 = new Integer[distinct];
    Double[] x2 = new Double[distinct];
    double[] score = new double[distinct];
    double[] cum = new double[distinct];
    double total = 0;
    for (int i = 0; i < distinct; i++) {
      x1[i] = r.nextInt(20) == 0 ? null : Integer.valueOf(i % 7);
      x2[i] = r.nextInt(20) == 0 ? null : Double.valueOf(i / 7 * 0.5);
      score[i] = r.nextDouble();
      total += 1.0 / (i + 1);
      cum[i] = total;
    }
    List<Row> out = new ArrayList<>();
    for (int n = 0; n < rows; n++) {
      double u = r.nextDouble() * total;
      int i = 0;
      while (cum[i] < u) {
        i++;
      }
      double p = Math.max(0.02, Math.min(0.98, positiveRate + signal * (score[i] - 0.5)));
      int y = r.nextDouble() < p ? 1 : 0;
      out.add(
          RowFactory.create(
              x1[i],
              x2[i],
              Vectors.dense(x1[i] == null ? -1 : x1[i], x2[i] == null ? -1 : x2[i]),
              y));
    }
    StructType schema =
        new StructType(
            new StructField[] {
              new StructField("x1", DataTypes.IntegerType, true, Metadata.empty()),
              new StructField("x2", DataTypes.DoubleType, true, Metadata.empty()),
              new StructField("features", new VectorUDT(), false, Metadata.empty()),
              new StructField("label", DataTypes.IntegerType, false, Metadata.empty())
            });
    return spark.createDataFrame(out, schema);
  }

  /** Multi-class version of {@link #binary}: labels 0..numClasses-1 around distinct centres. */
  public static Dataset<Row> classification(
      SparkSession spark, int rows, int numClasses, long seed) {
    Random r = new Random(seed);
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      int y = i % numClasses;
      double[] x = new double[3];
      for (int j = 0; j < 3; j++) {
        double centre = (j == y % 3) ? 2.0 * (1 + y / 3) : 0.0;
        x[j] = centre + r.nextGaussian() * 0.8;
      }
      out.add(RowFactory.create((long) i, Vectors.dense(x), (double) y, i % 7));
    }
    return spark.createDataFrame(out, LABELED);
  }

  /** Regression: {@code id, features (vector of 3), label = 1.5 x0 - 2 x1 + 0.5 x2 + noise}. */
  public static Dataset<Row> regression(SparkSession spark, int rows, long seed) {
    Random r = new Random(seed);
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      double[] x = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
      double y = 1.5 * x[0] - 2 * x[1] + 0.5 * x[2] + 0.1 * r.nextGaussian();
      out.add(RowFactory.create((long) i, Vectors.dense(x), y, i % 5));
    }
    return spark.createDataFrame(out, LABELED);
  }

  /**
   * Raw tabular data with mixed types and nulls, as a user's table looks before featurization:
   * {@code id long, age int (nulls), income double (nulls, NaN), city string (nulls), member
   * boolean, label int}.
   */
  public static Dataset<Row> mixed(SparkSession spark, int rows, long seed) {
    Random r = new Random(seed);
    String[] cities = {"Oslo", "Lima", "Pune", "Kyiv"};
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      Integer age = i % 9 == 4 ? null : 20 + r.nextInt(50);
      Double income =
          i % 11 == 3 ? null : (i % 13 == 5 ? Double.NaN : 1000 + 500 * r.nextGaussian());
      String city = i % 10 == 7 ? null : cities[r.nextInt(cities.length)];
      boolean member = r.nextBoolean();
      int label = (age != null && age > 40) ^ member ? 1 : 0;
      out.add(RowFactory.create((long) i, age, income, city, member, label));
    }
    StructType schema =
        new StructType(
            new StructField[] {
              new StructField("id", DataTypes.LongType, false, Metadata.empty()),
              new StructField("age", DataTypes.IntegerType, true, Metadata.empty()),
              new StructField("income", DataTypes.DoubleType, true, Metadata.empty()),
              new StructField("city", DataTypes.StringType, true, Metadata.empty()),
              new StructField("member", DataTypes.BooleanType, false, Metadata.empty()),
              new StructField("label", DataTypes.IntegerType, false, Metadata.empty())
            });
    return spark.createDataFrame(out, schema);
  }
}
