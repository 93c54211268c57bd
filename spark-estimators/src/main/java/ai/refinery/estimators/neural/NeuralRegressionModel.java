package ai.refinery.estimators.neural;

import ai.refinery.estimators.nested.EarlyUid;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;

/**
 * A fitted {@link NeuralRegressor}: {@code prediction} is the network's output in the label's
 * units. Saved as {@code metadata/}, {@code data/} (Parquet) and {@code summary.json}.
 */
public class NeuralRegressionModel extends PredictionModel<Vector, NeuralRegressionModel>
    implements NeuralParams, NeuralModelIO.Saved, MLWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final NeuralParamSet p;
  private final NeuralModelData data;
  private NeuralTrainingSummary summary;

  NeuralRegressionModel(String uid, NeuralModelData data) {
    this(EarlyUid.push(uid), data, 0);
  }

  private NeuralRegressionModel(EarlyUid.Token token, NeuralModelData data, int unused) {
    super();
    this.uid = EarlyUid.take();
    this.p = new NeuralParamSet(this, false);
    this.data = data;
  }

  @Override
  public String uid() {
    return uid != null ? uid : EarlyUid.peek();
  }

  @Override
  public NeuralParamSet neuralParams() {
    return p;
  }

  @Override
  public NeuralModelData data() {
    return data;
  }

  /** Layer sizes: input, hidden..., output. */
  public int[] layerSizes() {
    return data.net.sizes.clone();
  }

  /** The network's parameters, flat (per layer: weights column-major out x in, then biases). */
  public double[] weights() {
    return data.weights.clone();
  }

  @Override
  public int numFeatures() {
    return data.numFeatures();
  }

  @Override
  public double predict(Vector features) {
    return data.predictRaw(features.toArray())[0] * data.labelScale + data.labelMean;
  }

  void setSummary(NeuralTrainingSummary s) {
    this.summary = s;
  }

  /** True when the model has a training summary (fitted, or loaded from a save that had one). */
  public boolean hasSummary() {
    return summary != null;
  }

  /** Per-epoch history, stop reason and best epoch of the fit. */
  public NeuralTrainingSummary summary() {
    if (summary == null) {
      throw new IllegalStateException(
          "NeuralRegressionModel "
              + uid
              + " has no training"
              + " summary; check hasSummary() first.");
    }
    return summary;
  }

  @Override
  public NeuralTrainingSummary summaryOrNull() {
    return summary;
  }

  @Override
  public NeuralRegressionModel copy(ParamMap extra) {
    NeuralRegressionModel m = copyValues(new NeuralRegressionModel(uid, data), extra);
    m.summary = summary;
    return m.setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new NeuralModelIO.Writer(this);
  }

  public static MLReader<NeuralRegressionModel> read() {
    return new Reader();
  }

  public static NeuralRegressionModel load(String path) {
    return read().load(path);
  }

  private static final class Reader extends MLReader<NeuralRegressionModel> {
    @Override
    public NeuralRegressionModel load(String path) {
      NeuralModelIO.Reader<NeuralRegressionModel> r =
          new NeuralModelIO.Reader<>(NeuralRegressionModel.class, NeuralRegressionModel::new);
      NeuralRegressionModel m = r.load(path);
      m.summary = r.summary(path);
      return m;
    }
  }
}
