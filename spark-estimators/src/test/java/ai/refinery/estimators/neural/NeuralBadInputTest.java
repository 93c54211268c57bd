package ai.refinery.estimators.neural;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every bad input of the neural estimators fails with a message that says what to fix. */
class NeuralBadInputTest {
  private static SparkSession spark() {
    return SparkTestSession.get();
  }

  private static NeuralClassifier clf() {
    return new NeuralClassifier().setHiddenLayers(4).setMaxEpochs(1).setBatchSize(8);
  }

  /** id, features, label with the given feature vectors and labels. */
  private static Dataset<Row> rows(double[][] x, double[] y) {
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      out.add(RowFactory.create((long) i, Vectors.dense(x[i]), y[i]));
    }
    StructType schema =
        new StructType()
            .add("id", DataTypes.LongType)
            .add("features", new VectorUDT())
            .add("label", DataTypes.DoubleType);
    return spark().createDataFrame(out, schema).coalesce(1);
  }

  private static double[][] grid(int n, int d) {
    double[][] x = new double[n][d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        x[i][j] = (i * 7 + j * 3) % 5;
      }
    }
    return x;
  }

  private static double[] labels(int n) {
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2;
    }
    return y;
  }

  private static void fails(Executable e, String... parts) {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
    for (String p : parts) {
      assertTrue(ex.getMessage().contains(p), "'" + p + "' not in: " + ex.getMessage());
    }
  }

  @Test
  void nonFiniteFeaturesNameTheColumn() {
    double[][] x = grid(30, 3);
    x[17][2] = Double.NaN;
    fails(
        () -> clf().fit(rows(x, labels(30))),
        "Column 'features' (param featuresCol) has NaN" + " at index 2 in row 17 of partition 0",
        "impute");
    x[17][2] = Double.POSITIVE_INFINITY;
    fails(
        () -> new NeuralRegressor().setMaxEpochs(1).fit(rows(x, labels(30))),
        "has Infinity at index 2");
  }

  @Test
  void featureVectorsOfDifferentSizes() {
    double[][] x = grid(30, 3);
    x[9] = new double[] {1, 2, 3, 4};
    fails(
        () -> clf().fit(rows(x, labels(30))),
        "Column 'features' (param featuresCol) has"
            + " vectors of different sizes: 3 in the first row and 4 in row 9");
  }

  @Test
  void classifierLabelsMustBeClassIndices() {
    double[] y = labels(30);
    y[4] = 1.5;
    fails(
        () -> clf().fit(rows(grid(30, 3), y)),
        "Column 'label' (param labelCol) must hold"
            + " class indices 0..K-1 (non-negative integers) but has 1.5",
        "StringIndexer");
    y[4] = -1;
    fails(() -> clf().fit(rows(grid(30, 3), y)), "but has -1.0");
  }

  @Test
  void emptyValidationSet() {
    Dataset<Row> df = rows(grid(30, 3), labels(30));
    fails(
        () -> clf().setValidationIndicatorCol("v").fit(df.withColumn("v", functions.lit(false))),
        "The validation set is empty: column 'v' (param validationIndicatorCol) is true on none"
            + " of the 30 rows");
    fails(
        () -> clf().setValidationFraction(0.001).fit(df),
        "The validation set is empty: validationFraction 0.001 selected none of the 30 rows");
    fails(
        () -> clf().setValidationIndicatorCol("v").fit(df.withColumn("v", functions.lit(1))),
        "Column 'v' (param validationIndicatorCol) must be boolean but is int");
  }

  @Test
  void paramRangesAreCheckedWhenSet() {
    fails(() -> clf().setBatchSize(0), "Param batchSize must be >= 1 but is 0.");
    fails(() -> clf().setAggregationDepth(1), "Param aggregationDepth must be >= 2 but is 1.");
    fails(() -> clf().setDropout(1.0), "Param dropout must be in [0, 1) but is 1.0.");
    fails(() -> clf().setInputDropout(-0.1), "Param inputDropout must be in [0, 1) but is -0.1.");
    fails(
        () -> clf().setHiddenLayers(4, 0),
        "Param hiddenLayers must hold sizes >= 1 but is [4, 0].");
    fails(() -> clf().setLearningRate(0), "Param learningRate must be > 0 but is 0.0.");
    fails(() -> new NeuralRegressor().setValidationMetric("auc"), "validationMetric");
  }

  @Test
  void checkpointFromADifferentArchitecture() {
    Dataset<Row> df = TinyData.binary(spark(), 60, 2);
    String dir = SparkTestSession.newDir("neural-arch").toString();
    clf().setCheckpointDir(dir).fit(df);
    fails(
        () -> clf().setHiddenLayers(5).setResumeFrom(dir).fit(df),
        "has a different architecture:"
            + " layers [3, 4, 2] (input, hidden..., output), activation relu, classification; this"
            + " fit builds layers [3, 5, 2], activation relu",
        "Set hiddenLayers and activation to match");
    fails(() -> clf().setActivation("tanh").setResumeFrom(dir).fit(df), "activation tanh");
    fails(
        () -> clf().setResumeFrom(dir + "/nothing-here").fit(df),
        "Param resumeFrom is '" + dir + "/nothing-here' but it holds neither a checkpoint");
  }

  @Test
  void otherDataErrors() {
    Dataset<Row> df = TinyData.classification(spark(), 60, 3, 2);
    fails(
        () -> clf().setClassWeights(1, 2).fit(df),
        "Param classWeights has 2 weights but"
            + " column 'label' (param labelCol) has 3 classes (0..2)");
    fails(
        () -> clf().setValidationMetric("auc").fit(df),
        "validationMetric auc needs a binary"
            + " label but column 'label' (param labelCol) has 3 classes");
    fails(
        () -> clf().setWeightCol("w").fit(df.withColumn("w", functions.lit(-1.0))),
        "Column 'w' (param weightCol) must hold finite weights >= 0 but has -1.0");
    fails(
        () -> clf().setWeightCol("nope").fit(df),
        "Column 'nope' (param weightCol) does not" + " exist");
    fails(() -> clf().fit(df.limit(0)), "NeuralClassifier has no training rows");
  }

  @Test
  void regressorLabelMustBeFinite() {
    double[] y = labels(30);
    y[3] = Double.NaN;
    fails(
        () -> new NeuralRegressor().setMaxEpochs(1).fit(rows(grid(30, 3), y)),
        "Column 'label' (param labelCol) has NaN in row 3");
  }
}
