package ai.refinery.estimators.neural;

import ai.refinery.estimators.params.ParamSpecs;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.ml.param.Param;

/**
 * The training settings read once from a stage's params (shipped to executors): the value of every
 * param of its {@link NeuralParamSet}, read generically, so a new param needs no change here; the
 * trainer reads it with {@link #get} (or a typed accessor below, for the ones it reads often).
 */
final class TrainConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Param name -> value (set or default) of every neural param. */
  private final Map<String, Object> values;

  private final double[] classWeights;

  // the enum params decoded once (the trainer reads some of them per step)
  private final Activation activation;
  private final OptimizerKind optimizer;
  private final LrSchedule schedule;
  private final StopMode stopMode;

  private TrainConfig(Map<String, Object> values, double[] classWeights) {
    this.values = values;
    this.classWeights = classWeights;
    this.activation = ParamSpecs.enumValue(Activation.class, get("activation"));
    this.optimizer = ParamSpecs.enumValue(OptimizerKind.class, get("optimizer"));
    this.schedule = ParamSpecs.enumValue(LrSchedule.class, get("lrSchedule"));
    this.stopMode = ParamSpecs.enumValue(StopMode.class, get("stopMode"));
  }

  static TrainConfig of(NeuralParams p, double[] classWeights) {
    Map<String, Object> values = new HashMap<>();
    for (Param<?> q : p.neuralParams().all()) {
      values.put(q.name(), p.getOrDefault(q));
    }
    return new TrainConfig(values, classWeights);
  }

  /** The value of the neural param called {@code name}. */
  @SuppressWarnings("unchecked")
  <T> T get(String name) {
    if (!values.containsKey(name)) {
      throw new IllegalArgumentException(
          "No neural param '"
              + name
              + "'; the neural params are "
              + new TreeSet<>(values.keySet()));
    }
    return (T) values.get(name);
  }

  /** The class weights of the classifier (null for the regressor or none). */
  double[] classWeights() {
    return classWeights;
  }

  int[] hidden() {
    return get("hiddenLayers");
  }

  Activation activation() {
    return activation;
  }

  double inputDropout() {
    return this.<Double>get("inputDropout");
  }

  double dropout() {
    return this.<Double>get("dropout");
  }

  double l1() {
    return this.<Double>get("l1");
  }

  double l2() {
    return this.<Double>get("l2");
  }

  OptimizerKind optimizer() {
    return optimizer;
  }

  double learningRate() {
    return this.<Double>get("learningRate");
  }

  double momentum() {
    return this.<Double>get("momentum");
  }

  boolean nesterov() {
    return this.<Boolean>get("nesterov");
  }

  double beta1() {
    return this.<Double>get("beta1");
  }

  double beta2() {
    return this.<Double>get("beta2");
  }

  LrSchedule schedule() {
    return schedule;
  }

  int warmupEpochs() {
    return this.<Integer>get("warmupEpochs");
  }

  int lrDecayEpochs() {
    return this.<Integer>get("lrDecayEpochs");
  }

  double lrDecayFactor() {
    return this.<Double>get("lrDecayFactor");
  }

  int batchSize() {
    return this.<Integer>get("batchSize");
  }

  int maxEpochs() {
    return this.<Integer>get("maxEpochs");
  }

  int syncInterval() {
    return this.<Integer>get("syncInterval");
  }

  double singleTaskMaxMB() {
    return this.<Double>get("singleTaskMaxMB");
  }

  int aggregationDepth() {
    return this.<Integer>get("aggregationDepth");
  }

  boolean standardization() {
    return this.<Boolean>get("standardization");
  }

  String validationIndicatorCol() {
    return get("validationIndicatorCol");
  }

  double validationFraction() {
    return this.<Double>get("validationFraction");
  }

  String validationMetric() {
    return get("validationMetric");
  }

  StopMode stopMode() {
    return stopMode;
  }

  int patience() {
    return this.<Integer>get("patience");
  }

  double minDelta() {
    return this.<Double>get("minDelta");
  }

  boolean restoreBestWeights() {
    return this.<Boolean>get("restoreBestWeights");
  }

  double maxRuntimeSeconds() {
    return this.<Double>get("maxRuntimeSeconds");
  }

  String checkpointDir() {
    return get("checkpointDir");
  }

  int checkpointInterval() {
    return this.<Integer>get("checkpointInterval");
  }

  String resumeFrom() {
    return get("resumeFrom");
  }

  String weightCol() {
    return get("weightCol");
  }

  long seed() {
    return this.<Long>get("seed");
  }

  boolean hasIndicator() {
    return validationIndicatorCol() != null && !validationIndicatorCol().isEmpty();
  }

  boolean hasWeightCol() {
    return weightCol() != null && !weightCol().isEmpty();
  }

  boolean validates() {
    return hasIndicator() || validationFraction() > 0;
  }

  /** True when larger values of the monitored metric are better. */
  boolean maximise() {
    return switch (stopMode) {
      case MIN -> false;
      case MAX -> true;
      case AUTO ->
          validationMetric().equals("accuracy")
              || validationMetric().equals("auc")
              || validationMetric().equals("r2");
    };
  }

  /** Learning rate of global step {@code step} (0-based): warm-up, then the schedule. */
  double learningRate(long step, int stepsPerEpoch) {
    long warm = (long) warmupEpochs() * stepsPerEpoch;
    if (step < warm) {
      return learningRate() * (step + 1) / warm;
    }
    return switch (schedule) {
      case CONSTANT -> learningRate();
      case STEP ->
          learningRate() * Math.pow(lrDecayFactor(), (step / stepsPerEpoch) / lrDecayEpochs());
      case COSINE -> {
        long total = (long) maxEpochs() * stepsPerEpoch - warm;
        double progress = total <= 0 ? 1.0 : Math.min(1.0, (double) (step - warm) / total);
        yield learningRate() * 0.5 * (1 + Math.cos(Math.PI * progress));
      }
    };
  }
}
