package ai.refinery.estimators.neural;

import ai.refinery.estimators.SchemaChecks;
import ai.refinery.estimators.Uids;
import ai.refinery.estimators.internal.SparkBridge;
import ai.refinery.estimators.nested.EarlyUid;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.BinaryAttribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A multi-layer perceptron classifier trained with distributed mini-batch gradient descent, with
 * dropout, L1/L2 penalties, validation-based early stopping, a wall-clock limit, checkpoints and
 * resumption. Labels are class indices 0..K-1; the output layer has K units with softmax, so {@code
 * rawPrediction} holds logits and {@code probability} the softmax. Features (vectors of one size,
 * finite values) are standardised with the training rows' mean and std unless {@code
 * standardization} is false; columns that hold only 0 and 1 in the training rows (one-hot and
 * indicator columns) are left as they are, as scikit-learn's usual pipeline scales only the numeric
 * columns (standardised, a rare level would become a large input, 1 / sqrt(p)).
 *
 * <p><b>Training.</b> Each epoch runs {@code stepsPerEpoch = ceil(trainRows / batchSize)}
 * mini-batch steps; every step uses about {@code batchSize} rows spread over the partitions in
 * proportion to their sizes. Optimizers: {@code sgd} (momentum, optional Nesterov), {@code adam},
 * {@code adamw} (decoupled weight decay {@code l2}); learning rate with optional linear warm-up and
 * a {@code step} or {@code cosine} schedule. Weights start with He (relu, gelu) or Glorot (tanh,
 * sigmoid) initialisation from {@code seed}; with a fixed partitioning a fit is deterministic.
 *
 * <p><b>Schedules ({@code syncInterval}).</b> The training rows are read once into dense
 * per-partition arrays (not Rows). With 0 (default) the fit picks the fast schedule: when the rows
 * fit in {@code singleTaskMaxMB} (default 64 MB of feature values, about 200,000 rows of 40
 * features) they are trained in one task on the driver, exactly mini-batch SGD with the batches of
 * the exact mode, and no Spark job per step or epoch; larger data stay cached on the partitions and
 * each epoch is one Spark job in which every partition runs its local mini-batch steps from the
 * same weights and the driver averages the partitions' models and optimizer states, weighted by
 * their rows (model averaging; the result then depends on the number of partitions). With 1 every
 * step is a Spark job: the weights are broadcast, each partition returns the gradient of its share
 * of the batch, the gradients are summed (tree aggregation of depth {@code aggregationDepth} when
 * there are many partitions, in a fixed order) and the driver updates: exact mini-batch training
 * whatever the partitioning, but each step pays a Spark job's fixed cost (tens of milliseconds), so
 * this is the slow exact mode. With k &gt; 1 the partitions' models are averaged every k local
 * steps (one job per k steps).
 *
 * <p><b>Early stopping.</b> Validation rows come from {@code validationIndicatorCol} or a seeded
 * {@code validationFraction} split; after each epoch {@code validationMetric} (loss, accuracy, auc)
 * is computed on them; training stops when it has not improved by {@code minDelta} for {@code
 * patience} epochs, when {@code maxRuntimeSeconds} have passed, or when a training listener answers
 * STOP; with {@code restoreBestWeights} the model keeps the best epoch's weights. The model's
 * {@link NeuralClassificationModel#summary()} holds the per-epoch history and the stop reason;
 * listeners get one {@code EPOCH} event per epoch and a finished event.
 *
 * <p><b>Checkpoints.</b> With {@code checkpointDir}, weights, optimizer state, early-stopping state
 * and history are written every {@code checkpointInterval} epochs; {@code resumeFrom} the same
 * folder continues a killed fit and gives exactly the weights of an uninterrupted fit (same data,
 * partitioning and params). {@code resumeFrom} a saved model continues training from its weights
 * (fresh optimizer state).
 */
public class NeuralClassifier
    extends ProbabilisticClassifier<Vector, NeuralClassifier, NeuralClassificationModel>
    implements NeuralSetters<NeuralClassifier>, NeuralClassifierParams, DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  private final NeuralParamSet p;

  public NeuralClassifier() {
    this(Uids.random("neuralClf"));
  }

  public NeuralClassifier(String uid) {
    this(EarlyUid.push(uid), 0);
  }

  private NeuralClassifier(EarlyUid.Token token, int unused) {
    super();
    this.p = new NeuralParamSet(this, true);
  }

  @Override
  public NeuralParamSet neuralParams() {
    return p;
  }

  public NeuralClassifier setClassWeights(double... weights) {
    set(p.classWeights, weights);
    return this;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    checkExtraColumns(this, schema);
    return super.transformSchema(schema);
  }

  /** Checks the optional columns both estimators read. */
  static void checkExtraColumns(NeuralParams est, StructType schema) {
    if (!est.getWeightCol().isEmpty()) {
      SchemaChecks.requireNumeric(schema, est.getWeightCol(), "weightCol");
    }
    String v = est.getValidationIndicatorCol();
    if (!v.isEmpty()) {
      DataType t = SchemaChecks.requireColumn(schema, v, "validationIndicatorCol").dataType();
      if (!(t instanceof BooleanType)) {
        throw new IllegalArgumentException(
            String.format(
                "Column '%s' (param"
                    + " validationIndicatorCol) must be boolean but is %s. Cast it or set"
                    + " validationIndicatorCol.",
                v, t.catalogString()));
      }
    }
  }

  @Override
  public NeuralClassificationModel train(Dataset<?> dataset) {
    NeuralTrainer.Result r =
        new NeuralTrainer(
                TrainConfig.of(this, getClassWeights()),
                true,
                getClass().getSimpleName(),
                getFeaturesCol(),
                getLabelCol(),
                metadataClasses(dataset.schema().apply(getLabelCol())))
            .fit(dataset);
    return new NeuralClassificationModel(uid(), r.data(), r.summary());
  }

  /** Classes declared in a label's ML attribute (e.g. written by StringIndexer), or 0. */
  private static int metadataClasses(StructField label) {
    Attribute a = Attribute.fromStructField(label);
    if (a instanceof NominalAttribute n && n.getNumValues().isDefined()) {
      return (Integer) n.getNumValues().get();
    }
    if (a instanceof BinaryAttribute) {
      return 2;
    }
    return 0;
  }

  @Override
  public NeuralClassifier copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<NeuralClassifier> read() {
    return SparkBridge.defaultReader();
  }

  public static NeuralClassifier load(String path) {
    return read().load(path);
  }
}
