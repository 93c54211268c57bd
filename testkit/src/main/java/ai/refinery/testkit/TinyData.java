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
 * Tiny, deterministic datasets for unit tests. Every dataset has an {@code id} column (long) so
 * that tests can compare outputs row by row.
 */
public final class TinyData {
  private TinyData() {}

  /**
   * Binary classification: {@code id, features (vector of 3), label (double 0/1), group (int)}.
   * The classes are separable by a noisy linear rule, so any reasonable classifier learns them.
   */
  public static Dataset<Row> binary(SparkSession spark, int rows, long seed) {
    return classification(spark, rows, 2, seed);
  }

  /** Multi-class version of {@link #binary}: labels 0..numClasses-1 around distinct centres. */
  public static Dataset<Row> classification(SparkSession spark, int rows, int numClasses, long seed) {
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
    StructType schema = new StructType(new StructField[] {
        new StructField("id", DataTypes.LongType, false, Metadata.empty()),
        new StructField("features", new VectorUDT(), false, Metadata.empty()),
        new StructField("label", DataTypes.DoubleType, false, Metadata.empty()),
        new StructField("group", DataTypes.IntegerType, false, Metadata.empty())});
    return spark.createDataFrame(out, schema);
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
    StructType schema = new StructType(new StructField[] {
        new StructField("id", DataTypes.LongType, false, Metadata.empty()),
        new StructField("features", new VectorUDT(), false, Metadata.empty()),
        new StructField("label", DataTypes.DoubleType, false, Metadata.empty()),
        new StructField("group", DataTypes.IntegerType, false, Metadata.empty())});
    return spark.createDataFrame(out, schema);
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
      Double income = i % 11 == 3 ? null : (i % 13 == 5 ? Double.NaN : 1000 + 500 * r.nextGaussian());
      String city = i % 10 == 7 ? null : cities[r.nextInt(cities.length)];
      boolean member = r.nextBoolean();
      int label = (age != null && age > 40) ^ member ? 1 : 0;
      out.add(RowFactory.create((long) i, age, income, city, member, label));
    }
    StructType schema = new StructType(new StructField[] {
        new StructField("id", DataTypes.LongType, false, Metadata.empty()),
        new StructField("age", DataTypes.IntegerType, true, Metadata.empty()),
        new StructField("income", DataTypes.DoubleType, true, Metadata.empty()),
        new StructField("city", DataTypes.StringType, true, Metadata.empty()),
        new StructField("member", DataTypes.BooleanType, false, Metadata.empty()),
        new StructField("label", DataTypes.IntegerType, false, Metadata.empty())});
    return spark.createDataFrame(out, schema);
  }
}
