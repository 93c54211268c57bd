package ai.refinery.estimators.neural;

import ai.refinery.estimators.params.ParamSpecs;
import java.io.Serializable;

/** The training settings read once from a stage's params (shipped to executors). */
record TrainConfig(
    int[] hidden,
    Activation activation,
    double inputDropout,
    double dropout,
    double l1,
    double l2,
    OptimizerKind optimizer,
    double learningRate,
    double momentum,
    boolean nesterov,
    double beta1,
    double beta2,
    LrSchedule schedule,
    int warmupEpochs,
    int lrDecayEpochs,
    double lrDecayFactor,
    int batchSize,
    int maxEpochs,
    int syncInterval,
    double singleTaskMaxMB,
    int aggregationDepth,
    boolean standardization,
    String validationIndicatorCol,
    double validationFraction,
    String validationMetric,
    StopMode stopMode,
    int patience,
    double minDelta,
    boolean restoreBestWeights,
    double maxRuntime,
    String checkpointDir,
    int checkpointInterval,
    String resumeFrom,
    String weightCol,
    long seed,
    double[] classWeights)
    implements Serializable {

  static TrainConfig of(NeuralParams p, double[] classWeights) {
    return new TrainConfig(
        p.getLayers(),
        ParamSpecs.enumValue(Activation.class, p.getActivation()),
        p.getInputDropout(),
        p.getDropout(),
        p.getL1(),
        p.getL2(),
        ParamSpecs.enumValue(OptimizerKind.class, p.getOptimizer()),
        p.getLearningRate(),
        p.getMomentum(),
        p.getNesterov(),
        p.getBeta1(),
        p.getBeta2(),
        ParamSpecs.enumValue(LrSchedule.class, p.getLrSchedule()),
        p.getWarmupEpochs(),
        p.getLrDecayEpochs(),
        p.getLrDecayFactor(),
        p.getBatchSize(),
        p.getMaxEpochs(),
        p.getSyncInterval(),
        p.getSingleTaskMaxMB(),
        p.getAggregationDepth(),
        p.getStandardization(),
        p.getValidationIndicatorCol(),
        p.getValidationFraction(),
        p.getValidationMetric(),
        ParamSpecs.enumValue(StopMode.class, p.getStopMode()),
        p.getPatience(),
        p.getMinDelta(),
        p.getRestoreBestWeights(),
        p.getMaxRuntime(),
        p.getCheckpointDir(),
        p.getCheckpointInterval(),
        p.getResumeFrom(),
        p.getWeightCol(),
        p.getSeed(),
        classWeights);
  }

  boolean hasIndicator() {
    return validationIndicatorCol != null && !validationIndicatorCol.isEmpty();
  }

  boolean hasWeightCol() {
    return weightCol != null && !weightCol.isEmpty();
  }

  boolean validates() {
    return hasIndicator() || validationFraction > 0;
  }

  /** True when larger values of the monitored metric are better. */
  boolean maximise() {
    return switch (stopMode) {
      case MIN -> false;
      case MAX -> true;
      case AUTO ->
          validationMetric.equals("accuracy")
              || validationMetric.equals("auc")
              || validationMetric.equals("r2");
    };
  }

  /** Learning rate of global step {@code step} (0-based): warm-up, then the schedule. */
  double learningRate(long step, int stepsPerEpoch) {
    long warm = (long) warmupEpochs * stepsPerEpoch;
    if (step < warm) {
      return learningRate * (step + 1) / warm;
    }
    return switch (schedule) {
      case CONSTANT -> learningRate;
      case STEP -> learningRate * Math.pow(lrDecayFactor, (step / stepsPerEpoch) / lrDecayEpochs);
      case COSINE -> {
        long total = (long) maxEpochs * stepsPerEpoch - warm;
        double progress = total <= 0 ? 1.0 : Math.min(1.0, (double) (step - warm) / total);
        yield learningRate * 0.5 * (1 + Math.cos(Math.PI * progress));
      }
    };
  }
}
