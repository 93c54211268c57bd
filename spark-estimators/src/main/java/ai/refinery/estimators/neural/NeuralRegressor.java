package ai.refinery.estimators.neural;

import ai.refinery.estimators.Uids;
import ai.refinery.estimators.internal.SparkBridge;
import ai.refinery.estimators.nested.EarlyUid;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * A multi-layer perceptron regressor (one linear output, squared-error loss) trained like {@link
 * NeuralClassifier}: distributed mini-batches, dropout, L1/L2, early stopping on the validation
 * {@code loss}, {@code rmse}, {@code mae} or {@code r2}, a wall-clock limit, checkpoints and
 * resumption (see {@link NeuralClassifier} for the training scheme and the {@code syncInterval}
 * schedules). With {@code standardization} (default) the label is standardised too, and the
 * reported train and validation {@code loss} are mean squared errors on that standardised scale;
 * {@code rmse}, {@code mae} and {@code r2} are in the label's units.
 */
public class NeuralRegressor extends Predictor<Vector, NeuralRegressor, NeuralRegressionModel>
    implements NeuralSetters<NeuralRegressor>, DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  private final NeuralParamSet p;

  public NeuralRegressor() {
    this(Uids.random("neuralReg"));
  }

  public NeuralRegressor(String uid) {
    this(EarlyUid.push(uid), 0);
  }

  private NeuralRegressor(EarlyUid.Token token, int unused) {
    super();
    this.p = new NeuralParamSet(this, false);
  }

  @Override
  public NeuralParamSet neuralParams() {
    return p;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    NeuralClassifier.checkExtraColumns(this, schema);
    return super.transformSchema(schema);
  }

  @Override
  public NeuralRegressionModel train(Dataset<?> dataset) {
    NeuralTrainer.Result r =
        new NeuralTrainer(
                TrainConfig.of(this, null),
                false,
                getClass().getSimpleName(),
                getFeaturesCol(),
                getLabelCol(),
                0)
            .fit(dataset);
    return new NeuralRegressionModel(uid(), r.data(), r.summary());
  }

  @Override
  public NeuralRegressor copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<NeuralRegressor> read() {
    return SparkBridge.defaultReader();
  }

  public static NeuralRegressor load(String path) {
    return read().load(path);
  }
}
