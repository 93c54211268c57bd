package ai.refinery.estimators.neural;

import ai.refinery.estimators.nested.EarlyUid;
import java.util.Arrays;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A fitted {@link NeuralClassifier}: {@code rawPrediction} = the K logits, {@code probability} =
 * their softmax, {@code prediction} = the most probable class (or Spark's {@code thresholds} rule).
 * Saved as {@code metadata/}, {@code data/} (Parquet) and {@code summary.json}.
 */
public class NeuralClassificationModel
    extends ProbabilisticClassificationModel<Vector, NeuralClassificationModel>
    implements NeuralModel, NeuralClassifierParams {
  private static final long serialVersionUID = 1L;
  private final NeuralParamSet p;
  private final NeuralModelData data;
  private final NeuralTrainingSummary summary;

  NeuralClassificationModel(String uid, NeuralModelData data, NeuralTrainingSummary summary) {
    this(EarlyUid.push(uid), data, summary);
  }

  private NeuralClassificationModel(
      EarlyUid.Token token, NeuralModelData data, NeuralTrainingSummary summary) {
    super();
    this.p = new NeuralParamSet(this, true);
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
  public int numClasses() {
    return data.net.outputSize();
  }

  @Override
  public int numFeatures() {
    return data.numFeatures();
  }

  @Override
  public Vector predictRaw(Vector features) {
    return Vectors.dense(data.predictRaw(features.toArray()));
  }

  @Override
  public Vector raw2probabilityInPlace(Vector rawPrediction) {
    if (rawPrediction instanceof DenseVector dv) {
      Network.softmaxInPlace(dv.values(), 0, dv.size());
      return dv;
    }
    throw new IllegalArgumentException(
        "rawPrediction must be a dense vector but is " + rawPrediction.getClass().getSimpleName());
  }

  /** Spark's binary/multiclass evaluation summary helper (resolves a Scala/Java override clash). */
  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public scala.Tuple3 findSummaryModel() {
    return super.findSummaryModel();
  }

  /**
   * Spark's transform, with the output columns in {@code transformSchema}'s order (Spark appends
   * rawPrediction and probability before prediction but declares prediction first).
   */
  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    Dataset<Row> out = super.transform(dataset);
    Column[] cols =
        Arrays.stream(transformSchema(dataset.schema()).fieldNames())
            .map(out::col)
            .toArray(Column[]::new);
    return out.select(cols);
  }

  @Override
  public NeuralTrainingSummary summaryOrNull() {
    return summary;
  }

  @Override
  public NeuralClassificationModel copy(ParamMap extra) {
    return copyValues(new NeuralClassificationModel(uid(), data, summary), extra)
        .setParent(parent());
  }

  public static MLReader<NeuralClassificationModel> read() {
    return NeuralModelIO.reader(NeuralClassificationModel.class, NeuralClassificationModel::new);
  }

  public static NeuralClassificationModel load(String path) {
    return read().load(path);
  }
}
