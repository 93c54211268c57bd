package ai.refinery.estimators.neural;

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
 * The one place the neural estimators' params get a name, a doc, a validator and a default. Each
 * estimator and model creates one set in its constructor (after its uid) and exposes the params
 * through {@link NeuralParams}' accessors.
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

  final IntArrayParam layers;
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
  final DoubleParam maxRuntime;
  final Param<String> checkpointDir;
  final IntParam checkpointInterval;
  final Param<String> resumeFrom;
  final Param<String> weightCol;
  final LongParam seed;

  /** Classifier only (null for the regressor). */
  final DoubleArrayParam classWeights;

  NeuralParamSet(Params owner, boolean classification) {
    layers =
        new IntArrayParam(
            owner,
            "layers",
            "sizes of the hidden layers, input to output (e.g. [64, 32]); empty gives a linear model",
            ParamCheck.<int[]>of(
                "layers", "must hold sizes >= 1", v -> Arrays.stream(v).allMatch(s -> s >= 1)));
    activation =
        ParamSpecs.enumParam(owner, "activation", "hidden-layer activation", Activation.class);
    inputDropout =
        new DoubleParam(
            owner,
            "inputDropout",
            "fraction of input features dropped at random in training, in [0, 1)",
            ParamCheck.halfOpen("inputDropout", 0, 1));
    dropout =
        new DoubleParam(
            owner,
            "dropout",
            "fraction of hidden units dropped at random in training, in [0, 1)",
            ParamCheck.halfOpen("dropout", 0, 1));
    l1 =
        new DoubleParam(
            owner,
            "l1",
            "L1 penalty on the weights (not biases), >= 0",
            ParamCheck.atLeast("l1", 0));
    l2 =
        new DoubleParam(
            owner,
            "l2",
            "L2 penalty on the weights (not biases), >= 0; with"
                + " optimizer adamw it is decoupled weight decay",
            ParamCheck.atLeast("l2", 0));
    optimizer = ParamSpecs.enumParam(owner, "optimizer", "update rule", OptimizerKind.class);
    learningRate =
        new DoubleParam(
            owner, "learningRate", "base learning rate, > 0", ParamCheck.positive("learningRate"));
    momentum =
        new DoubleParam(
            owner,
            "momentum",
            "momentum of optimizer sgd, in [0, 1)",
            ParamCheck.halfOpen("momentum", 0, 1));
    nesterov = new BooleanParam(owner, "nesterov", "Nesterov momentum for optimizer sgd");
    beta1 =
        new DoubleParam(
            owner,
            "beta1",
            "Adam's first-moment decay, in [0, 1)",
            ParamCheck.halfOpen("beta1", 0, 1));
    beta2 =
        new DoubleParam(
            owner,
            "beta2",
            "Adam's second-moment decay, in [0, 1)",
            ParamCheck.halfOpen("beta2", 0, 1));
    lrSchedule =
        ParamSpecs.enumParam(
            owner, "lrSchedule", "learning-rate schedule after warm-up", LrSchedule.class);
    warmupEpochs =
        new IntParam(
            owner,
            "warmupEpochs",
            "epochs of linear learning-rate warm-up from 0 to learningRate, >= 0",
            ParamCheck.atLeast("warmupEpochs", 0));
    lrDecayEpochs =
        new IntParam(
            owner,
            "lrDecayEpochs",
            "lrSchedule step: epochs between decays, >= 1",
            ParamCheck.atLeast("lrDecayEpochs", 1));
    lrDecayFactor =
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
                }));
    batchSize =
        new IntParam(
            owner,
            "batchSize",
            "rows per mini-batch (over all partitions), >= 1; stepsPerEpoch = ceil(rows / batchSize)",
            ParamCheck.atLeast("batchSize", 1));
    maxEpochs =
        new IntParam(
            owner,
            "maxEpochs",
            "maximum number of epochs, >= 1",
            ParamCheck.atLeast("maxEpochs", 1));
    syncInterval =
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
            ParamCheck.atLeast("syncInterval", 0));
    singleTaskMaxMB =
        new DoubleParam(
            owner,
            "singleTaskMaxMB",
            "with syncInterval 0: data (training and validation rows, 8 bytes per feature value)"
                + " up to this many MB are read once into dense arrays and trained in one task on the"
                + " driver, with no Spark job per step or epoch; larger data are trained on the"
                + " partitions with one model average per epoch; >= 0 (0 always distributes)",
            ParamCheck.atLeast("singleTaskMaxMB", 0));
    aggregationDepth =
        new IntParam(
            owner,
            "aggregationDepth",
            "depth of the tree that sums the partitions' gradients (or averages their models), >= 2"
                + " (Spark's meaning): with many partitions, partial sums are combined on executors in"
                + " a tree of this depth before the driver adds the last few; the combination order is"
                + " fixed, so results stay deterministic",
            ParamCheck.atLeast("aggregationDepth", 2));
    standardization =
        new BooleanParam(
            owner,
            "standardization",
            "standardise features (and the regression label) with the training rows' mean and std;"
                + " columns holding only 0 and 1 in the training rows (one-hot, indicators) are left"
                + " as they are");
    validationIndicatorCol =
        new Param<>(
            owner,
            "validationIndicatorCol",
            "boolean column, true for validation rows; empty uses validationFraction");
    validationFraction =
        new DoubleParam(
            owner,
            "validationFraction",
            "fraction of rows held out at random for validation when validationIndicatorCol is"
                + " empty, in [0, 1); 0 trains without validation (no early stopping)",
            ParamCheck.halfOpen("validationFraction", 0, 1));
    validationMetric =
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
                RegressionMetric.class);
    stopMode =
        ParamSpecs.enumParam(
            owner, "stopMode", "direction in which validationMetric improves", StopMode.class);
    patience =
        new IntParam(
            owner,
            "patience",
            "epochs without an improvement of validationMetric by more than minDelta before training"
                + " stops; 0 never stops early",
            ParamCheck.atLeast("patience", 0));
    minDelta =
        new DoubleParam(
            owner,
            "minDelta",
            "smallest change of validationMetric that counts as an improvement, >= 0",
            ParamCheck.atLeast("minDelta", 0));
    restoreBestWeights =
        new BooleanParam(
            owner,
            "restoreBestWeights",
            "keep the weights of the best validation epoch rather than the last");
    maxRuntime =
        new DoubleParam(
            owner,
            "maxRuntime",
            "wall-clock limit of training in seconds (checked after every synchronisation); the best"
                + " model so far is kept; 0 means no limit",
            ParamCheck.atLeast("maxRuntime", 0));
    checkpointDir =
        new Param<>(
            owner,
            "checkpointDir",
            "folder (local, hdfs:// or s3a://) for checkpoints of weights, optimizer state and"
                + " history; empty writes none");
    checkpointInterval =
        new IntParam(
            owner,
            "checkpointInterval",
            "epochs between checkpoints, >= 1",
            ParamCheck.atLeast("checkpointInterval", 1));
    resumeFrom =
        new Param<>(
            owner,
            "resumeFrom",
            "continue training from a checkpointDir (its newest checkpoint), one checkpoint folder,"
                + " or a saved model (weights only); empty starts from random weights");
    weightCol = ParamSpecs.weightCol(owner);
    seed = ParamSpecs.seed(owner);
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

    owner.setDefault(layers, new int[] {32});
    owner.setDefault(activation, "relu");
    owner.setDefault(inputDropout, 0.0);
    owner.setDefault(dropout, 0.0);
    owner.setDefault(l1, 0.0);
    owner.setDefault(l2, 0.0);
    owner.setDefault(optimizer, "adam");
    owner.setDefault(learningRate, 0.001);
    owner.setDefault(momentum, 0.9);
    owner.setDefault(nesterov, false);
    owner.setDefault(beta1, 0.9);
    owner.setDefault(beta2, 0.999);
    owner.setDefault(lrSchedule, "constant");
    owner.setDefault(warmupEpochs, 0);
    owner.setDefault(lrDecayEpochs, 10);
    owner.setDefault(lrDecayFactor, 0.5);
    owner.setDefault(batchSize, 64);
    owner.setDefault(maxEpochs, 200);
    owner.setDefault(syncInterval, 0);
    owner.setDefault(singleTaskMaxMB, 64.0);
    owner.setDefault(aggregationDepth, 2);
    owner.setDefault(standardization, true);
    owner.setDefault(validationIndicatorCol, "");
    owner.setDefault(validationFraction, 0.1);
    owner.setDefault(validationMetric, "loss");
    owner.setDefault(stopMode, "auto");
    owner.setDefault(patience, 10);
    owner.setDefault(minDelta, 0.0);
    owner.setDefault(restoreBestWeights, true);
    owner.setDefault(maxRuntime, 0.0);
    owner.setDefault(checkpointDir, "");
    owner.setDefault(checkpointInterval, 1);
    owner.setDefault(resumeFrom, "");
    owner.setDefault(weightCol, "");
    owner.setDefault(seed, 42L);
    if (classWeights != null) {
      owner.setDefault(classWeights, new double[0]);
    }
  }
}
