package ai.refinery.estimators.neural;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What a fitted network learned: its shape, flat parameters and the feature (and regression label)
 * standardisation. Saved as Parquet rows {@code (name, values)} under a model's {@code data/}.
 */
final class NeuralModelData implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final StructType SCHEMA =
      new StructType()
          .add("name", DataTypes.StringType, false)
          .add("values", DataTypes.createArrayType(DataTypes.DoubleType, false), false);

  final Network net;
  final double[] weights;
  final double[] featureMean;
  final double[] featureScale;
  final double labelMean;
  final double labelScale;

  NeuralModelData(
      Network net,
      double[] weights,
      double[] featureMean,
      double[] featureScale,
      double labelMean,
      double labelScale) {
    this.net = net;
    this.weights = weights;
    this.featureMean = featureMean;
    this.featureScale = featureScale;
    this.labelMean = labelMean;
    this.labelScale = labelScale;
  }

  int numFeatures() {
    return net.inputSize();
  }

  /** Raw network outputs for one (unstandardised) feature vector. */
  double[] predictRaw(double[] x) {
    double[] s = new double[x.length];
    for (int j = 0; j < x.length; j++) {
      s[j] = (x[j] - featureMean[j]) / featureScale[j];
    }
    return net.predictRaw(weights, s);
  }

  void write(SparkSession spark, String path) {
    List<Row> rows = new ArrayList<>();
    rows.add(row("sizes", Arrays.stream(net.sizes).asDoubleStream().toArray()));
    rows.add(row("activation", new double[] {net.activation.ordinal()}));
    rows.add(row("classification", new double[] {net.classification ? 1 : 0}));
    rows.add(row("weights", weights));
    rows.add(row("featureMean", featureMean));
    rows.add(row("featureScale", featureScale));
    rows.add(row("label", new double[] {labelMean, labelScale}));
    spark.createDataFrame(rows, SCHEMA).coalesce(1).write().parquet(path);
  }

  private static Row row(String name, double[] values) {
    return RowFactory.create(name, Arrays.stream(values).boxed().toArray(Double[]::new));
  }

  static NeuralModelData read(SparkSession spark, String path) {
    Map<String, double[]> m = new HashMap<>();
    for (Row r : spark.read().parquet(path).collectAsList()) {
      List<Double> v = r.getList(1);
      m.put(r.getString(0), v.stream().mapToDouble(Double::doubleValue).toArray());
    }
    for (String k :
        List.of(
            "sizes",
            "activation",
            "classification",
            "weights",
            "featureMean",
            "featureScale",
            "label")) {
      if (!m.containsKey(k)) {
        throw new IllegalArgumentException(
            "Neural model data at "
                + path
                + " has no '"
                + k
                + "' entry; it was not written by this version of Refinery's neural models.");
      }
    }
    int[] sizes = Arrays.stream(m.get("sizes")).mapToInt(d -> (int) d).toArray();
    Network net =
        new Network(
            sizes,
            Activation.values()[(int) m.get("activation")[0]],
            m.get("classification")[0] == 1);
    double[] w = m.get("weights");
    if (w.length != net.numParams) {
      throw new IllegalArgumentException(
          "Neural model data at "
              + path
              + " has "
              + w.length
              + " weights but layers "
              + Arrays.toString(sizes)
              + " need "
              + net.numParams);
    }
    return new NeuralModelData(
        net, w, m.get("featureMean"), m.get("featureScale"), m.get("label")[0], m.get("label")[1]);
  }
}
