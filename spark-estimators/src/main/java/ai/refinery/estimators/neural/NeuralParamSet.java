package ai.refinery.estimators.neural;

import ai.refinery.estimators.nested.EarlyUid;
import ai.refinery.estimators.params.ParamCheck;
import ai.refinery.estimators.params.ParamSpecs;
import java.util.Arrays;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The one place the neural estimators' params get a name, a doc, a validator and a default, each in
 * one statement ({@code x = def(owner, new XParam(...), default)}). Each estimator and model
 * creates one set in its constructor (after its uid) and exposes the params through {@link
 * NeuralParams}' accessors; {@link TrainConfig} reads every param of the set, so the trainer needs
 * no list of them. How to add a param: CONTRIBUTING.md, "A neural param".
 */
public final class NeuralParamSet implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** Validation metrics of the classifier. */
  enum ClassificationMetric {
    LOSS,
    ACCURACY,
    AUC
  }

  /** Validation metrics of the regressor. */
  enum RegressionMetric {
    LOSS,
    RMSE,
    MAE,
    R2
  }

  final IntArrayParam hiddenLayers;
  final Param<String> activation;
  final DoubleParam inputDropout;
  final DoubleParam dropout;
  final DoubleParam l1;
  final DoubleParam l2;
  final Param<String> optimizer;
  final DoubleParam learningRate;
  final DoubleParam momentum;
  final BooleanParam nesterov;
  final DoubleParam beta1;
  final DoubleParam beta2;
  final Param<String> lrSchedule;
  final IntParam warmupEpochs;
  final IntParam lrDecayEpochs;
  final DoubleParam lrDecayFactor;
  final IntParam batchSize;
  final IntParam maxEpochs;
  final IntParam syncInterval;
  final DoubleParam singleTaskMaxMB;
  final IntParam aggregationDepth;
  final BooleanParam standardization;
  final Param<String> validationIndicatorCol;
  final DoubleParam validationFraction;
  final Param<String> validationMetric;
  final Param<String> stopMode;
  final IntParam patience;
  final DoubleParam minDelta;
  final BooleanParam restoreBestWeights;
  final DoubleParam maxRuntimeSeconds;
  final Param<String> checkpointDir;
  final IntParam checkpointInterval;
  final Param<String> resumeFrom;
  final Param<String> weightCol;
  final LongParam seed;

  private final java.util.List<Param<?>> all = new java.util.ArrayList<>();

  /** Classifier only (null for the regressor). */
  final DoubleArrayParam classWeights;

  /** The owner's uid (see {@link NeuralParams#uid()}). */
  final String uid;

  /**
   * Creates the params of {@code owner}, whose uid is pending in {@link EarlyUid} (the owner's
   * constructor pushed it), and then takes that uid.
   */
  NeuralParamSet(Params owner, boolean classification) {
    hiddenLayers =
        def(
            owner,
            new IntArrayParam(
                owner,
                "hiddenLayers",
                "sizes of the hidden layers only, first to last (e.g. [64, 32]; unlike the layers of"
                    + " Spark's MultilayerPerceptronClassifier, without the input and output layers);"
                    + " empty gives a linear model (formerly layers)",
                ParamCheck.<int[]>of(
                    "hiddenLayers",
                    "must hold sizes >= 1",
                    v -> Arrays.stream(v).allMatch(s -> s >= 1))),
            new int[] {32});
    activation =
        def(
            owner,
            ParamSpecs.enumParam(owner, "activation", "hidden-layer activation", Activation.class),
            "relu");
    inputDropout =
        def(
            owner,
            new DoubleParam(
                owner,
                "inputDropout",
                "fraction of input features dropped at random in training, in [0, 1)",
                ParamCheck.halfOpen("inputDropout", 0, 1)),
            0.0);
    dropout =
        def(
            owner,
            new DoubleParam(
                owner,
                "dropout",
                "fraction of hidden units dropped at random in training, in [0, 1)",
                ParamCheck.halfOpen("dropout", 0, 1)),
            0.0);
    l1 =
        def(
            owner,
            new DoubleParam(
                owner,
                "l1",
                "L1 penalty on the weights (not biases), >= 0",
                ParamCheck.atLeast("l1", 0)),
            0.0);
    l2 =
        def(
            owner,
            new DoubleParam(
                owner,
                "l2",
                "L2 penalty on the weights (not biases), >= 0; with"
                    + " optimizer adamw it is decoupled weight decay",
                ParamCheck.atLeast("l2", 0)),
            0.0);
    optimizer =
        def(
            owner,
            ParamSpecs.enumParam(owner, "optimizer", "update rule", OptimizerKind.class),
            "adam");
    learningRate =
        def(
            owner,
            new DoubleParam(
                owner,
                "learningRate",
                "base learning rate, > 0",
                ParamCheck.positive("learningRate")),
            0.001);
    momentum =
        def(
            owner,
            new DoubleParam(
                owner,
                "momentum",
                "momentum of optimizer sgd, in [0, 1)",
                ParamCheck.halfOpen("momentum", 0, 1)),
            0.9);
    nesterov =
        def(
            owner,
            new BooleanParam(owner, "nesterov", "Nesterov momentum for optimizer sgd"),
            false);
    beta1 =
        def(
            owner,
            new DoubleParam(
                owner,
                "beta1",
                "Adam's first-moment decay, in [0, 1)",
                ParamCheck.halfOpen("beta1", 0, 1)),
            0.9);
    beta2 =
        def(
            owner,
            new DoubleParam(
                owner,
                "beta2",
                "Adam's second-moment decay, in [0, 1)",
                ParamCheck.halfOpen("beta2", 0, 1)),
            0.999);
    lrSchedule =
        def(
            owner,
            ParamSpecs.enumParam(
                owner, "lrSchedule", "learning-rate schedule after warm-up", LrSchedule.class),
            "constant");
    warmupEpochs =
        def(
            owner,
            new IntParam(
                owner,
                "warmupEpochs",
                "epochs of linear learning-rate warm-up from 0 to learningRate, >= 0",
                ParamCheck.atLeast("warmupEpochs", 0)),
            0);
    lrDecayEpochs =
        def(
            owner,
            new IntParam(
                owner,
                "lrDecayEpochs",
                "lrSchedule step: epochs between decays, >= 1",
                ParamCheck.atLeast("lrDecayEpochs", 1)),
            10);
    lrDecayFactor =
        def(
            owner,
            new DoubleParam(
                owner,
                "lrDecayFactor",
                "lrSchedule step: factor applied at each decay, in (0, 1]",
                ParamCheck.of(
                    "lrDecayFactor",
                    "must be in (0, 1]",
                    v -> {
                      double d = ((Number) v).doubleValue();
                      return d > 0 && d <= 1;
                    })),
            0.5);
    batchSize =
        def(
            owner,
            new IntParam(
                owner,
                "batchSize",
                "rows per mini-batch (over all partitions), >= 1; stepsPerEpoch = ceil(rows / batchSize)",
                ParamCheck.atLeast("batchSize", 1)),
            64);
    maxEpochs =
        def(
            owner,
            new IntParam(
                owner,
                "maxEpochs",
                "maximum number of epochs, >= 1",
                ParamCheck.atLeast("maxEpochs", 1)),
            200);
    syncInterval =
        def(
            owner,
            new IntParam(
                owner,
                "syncInterval",
                "mini-batch steps each partition takes between synchronisations, >= 0: 0 (the fast"
                    + " default) trains in one task when the data fit in singleTaskMaxMB (exact"
                    + " mini-batch SGD, no Spark job per step or epoch) and otherwise averages the"
                    + " partitions' models once per epoch (one Spark job per epoch); 1 aggregates the"
                    + " gradients of every step over the partitions (exact mini-batch SGD, one Spark job"
                    + " per step: the slow exact mode); k > 1 averages the partitions' models every k"
                    + " local steps (one job per k steps, never across an epoch end)",
                ParamCheck.atLeast("syncInterval", 0)),
            0);
    singleTaskMaxMB =
        def(
            owner,
            new DoubleParam(
                owner,
                "singleTaskMaxMB",
                "with syncInterval 0: data (training and validation rows, 8 bytes per feature value)"
                    + " up to this many MB are read once into dense arrays and trained in one task on the"
                    + " driver, with no Spark job per step or epoch; larger data are trained on the"
                    + " partitions with one model average per epoch; >= 0 (0 always distributes)",
                ParamCheck.atLeast("singleTaskMaxMB", 0)),
            64.0);
    aggregationDepth =
        def(
            owner,
            new IntParam(
                owner,
                "aggregationDepth",
                "depth of the tree that sums the partitions' gradients (or averages their models), >= 2"
                    + " (Spark's meaning): with many partitions, partial sums are combined on executors in"
                    + " a tree of this depth before the driver adds the last few; the combination order is"
                    + " fixed, so results stay deterministic",
                ParamCheck.atLeast("aggregationDepth", 2)),
            2);
    standardization =
        def(
            owner,
            new BooleanParam(
                owner,
                "standardization",
                "standardise features (and the regression label) with the training rows' mean and std;"
                    + " columns holding only 0 and 1 in the training rows (one-hot, indicators) are left"
                    + " as they are"),
            true);
    validationIndicatorCol =
        def(
            owner,
            new Param<>(
                owner,
                "validationIndicatorCol",
                "boolean column, true for validation rows; empty uses validationFraction"),
            "");
    validationFraction =
        def(
            owner,
            new DoubleParam(
                owner,
                "validationFraction",
                "fraction of rows held out at random for validation when validationIndicatorCol is"
                    + " empty, in [0, 1); 0 trains without validation (no early stopping)",
                ParamCheck.halfOpen("validationFraction", 0, 1)),
            0.1);
    validationMetric =
        def(
            owner,
            classification
                ? ParamSpecs.enumParam(
                    owner,
                    "validationMetric",
                    "metric monitored on the validation rows",
                    ClassificationMetric.class)
                : ParamSpecs.enumParam(
                    owner,
                    "validationMetric",
                    "metric monitored on the validation rows",
                    RegressionMetric.class),
            "loss");
    stopMode =
        def(
            owner,
            ParamSpecs.enumParam(
                owner, "stopMode", "direction in which validationMetric improves", StopMode.class),
            "auto");
    patience =
        def(
            owner,
            new IntParam(
                owner,
                "patience",
                "epochs without an improvement of validationMetric by more than minDelta before training"
                    + " stops; 0 never stops early",
                ParamCheck.atLeast("patience", 0)),
            10);
    minDelta =
        def(
            owner,
            new DoubleParam(
                owner,
                "minDelta",
                "smallest change of validationMetric that counts as an improvement, >= 0",
                ParamCheck.atLeast("minDelta", 0)),
            0.0);
    restoreBestWeights =
        def(
            owner,
            new BooleanParam(
                owner,
                "restoreBestWeights",
                "keep the weights of the best validation epoch rather than the last"),
            true);
    maxRuntimeSeconds =
        def(
            owner,
            new DoubleParam(
                owner,
                "maxRuntimeSeconds",
                "wall-clock limit of training in seconds (checked after every synchronisation); the best"
                    + " model so far is kept; 0 means no limit (formerly maxRuntime)",
                ParamCheck.atLeast("maxRuntimeSeconds", 0)),
            0.0);
    checkpointDir =
        def(
            owner,
            new Param<>(
                owner,
                "checkpointDir",
                "folder (local, hdfs:// or s3a://) for checkpoints of weights, optimizer state and"
                    + " history; empty writes none"),
            "");
    checkpointInterval =
        def(
            owner,
            new IntParam(
                owner,
                "checkpointInterval",
                "epochs between checkpoints, >= 1",
                ParamCheck.atLeast("checkpointInterval", 1)),
            1);
    resumeFrom =
        def(
            owner,
            new Param<>(
                owner,
                "resumeFrom",
                "continue training from a checkpointDir (its newest checkpoint), one checkpoint folder,"
                    + " or a saved model (weights only); empty starts from random weights"),
            "");
    weightCol = def(owner, ParamSpecs.weightCol(owner), "");
    seed = def(owner, ParamSpecs.seed(owner), (long) owner.getClass().getName().hashCode());
    classWeights =
        classification
            ? new DoubleArrayParam(
                owner,
                "classWeights",
                "weight of each class 0..K-1 (multiplies weightCol); empty means all 1",
                ParamCheck.<double[]>of(
                    "classWeights",
                    "must hold weights >= 0",
                    v -> Arrays.stream(v).allMatch(w -> w >= 0 && Double.isFinite(w))))
            : null;
    if (classWeights != null) {
      def(owner, classWeights, new double[0]);
    }
    uid = EarlyUid.take();
  }

  /**
   * Registers {@code param} of this set with its default (so a param's name, doc, check and default
   * are written in one statement) and returns it.
   */
  @SuppressWarnings("unchecked")
  private <P extends Param<?>> P def(Params owner, P param, Object defaultValue) {
    owner.setDefault((Param<Object>) param, defaultValue);
    all.add(param);
    return param;
  }

  /** Every param of this set, in declaration order ({@link TrainConfig} reads them all). */
  java.util.List<Param<?>> all() {
    return java.util.Collections.unmodifiableList(all);
  }
}
