package ai.refinery.estimators.neural;

import ai.refinery.estimators.nested.EarlyUid;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;

/**
 * A fitted {@link NeuralRegressor}: {@code prediction} is the network's output in the label's
 * units. Saved as {@code metadata/}, {@code data/} (Parquet) and {@code summary.json}.
 */
public class NeuralRegressionModel extends PredictionModel<Vector, NeuralRegressionModel>
    implements NeuralModel {
  private static final long serialVersionUID = 1L;
  private final NeuralParamSet p;
  private final NeuralModelData data;
  private final NeuralTrainingSummary summary;

  NeuralRegressionModel(String uid, NeuralModelData data, NeuralTrainingSummary summary) {
    this(EarlyUid.push(uid), data, summary);
  }

  private NeuralRegressionModel(
      EarlyUid.Token token, NeuralModelData data, NeuralTrainingSummary summary) {
    super();
    this.p = new NeuralParamSet(this, false);
    this.data = data;
    this.summary = summary;
  }

  @Override
  public NeuralParamSet neuralParams() {
    return p;
  }

  @Override
  public NeuralModelData data() {
    return data;
  }

  @Override
  public int numFeatures() {
    return data.numFeatures();
  }

  @Override
  public double predict(Vector features) {
    return data.predictRaw(features.toArray())[0] * data.labelScale + data.labelMean;
  }

  @Override
  public NeuralTrainingSummary summaryOrNull() {
    return summary;
  }

  @Override
  public NeuralRegressionModel copy(ParamMap extra) {
    return copyValues(new NeuralRegressionModel(uid(), data, summary), extra).setParent(parent());
  }

  public static MLReader<NeuralRegressionModel> read() {
    return NeuralModelIO.reader(NeuralRegressionModel.class, NeuralRegressionModel::new);
  }

  public static NeuralRegressionModel load(String path) {
    return read().load(path);
  }
}
