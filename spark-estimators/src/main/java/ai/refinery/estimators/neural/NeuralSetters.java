package ai.refinery.estimators.neural;

import ai.refinery.estimators.params.RenamedParams;
import ai.refinery.estimators.params.SelfSetters;

/**
 * Setters of the neural estimators, returning the concrete estimator type {@code T}.
 *
 * @param <T> the estimator
 */
public interface NeuralSetters<T extends NeuralSetters<T>> extends NeuralParams, SelfSetters<T> {
  /** Sets {@code weightCol} (instance weights; empty means all 1). */
  default T setWeightCol(String value) {
    return setParam(weightCol(), value);
  }

  /** Sets {@code seed}. */
  default T setSeed(long value) {
    return setParam(seed(), value);
  }

  /** Sets {@code hiddenLayers} (sizes of the hidden layers only, e.g. 64, 32). */
  default T setHiddenLayers(int... value) {
    return setParam(hiddenLayers(), value);
  }

  /**
   * @deprecated renamed {@code hiddenLayers} (Spark's {@code layers} includes the input and output
   *     layers); use {@link #setHiddenLayers}.
   */
  @Deprecated
  default T setLayers(int... value) {
    RenamedParams.warn(getClass().getSimpleName(), "layers", "hiddenLayers", "setter");
    return setHiddenLayers(value);
  }

  /** Sets {@code activation} (hidden-layer activation). */
  default T setActivation(String value) {
    return setParam(activation(), value);
  }

  /** Sets {@code inputDropout} (input dropout fraction). */
  default T setInputDropout(double value) {
    return setParam(inputDropout(), value);
  }

  /** Sets {@code dropout} (hidden dropout fraction). */
  default T setDropout(double value) {
    return setParam(dropout(), value);
  }

  /** Sets {@code l1} (L1 penalty). */
  default T setL1(double value) {
    return setParam(l1(), value);
  }

  /** Sets {@code l2} (L2 penalty or decoupled weight decay). */
  default T setL2(double value) {
    return setParam(l2(), value);
  }

  /** Sets {@code optimizer} (update rule). */
  default T setOptimizer(String value) {
    return setParam(optimizer(), value);
  }

  /** Sets {@code learningRate} (base learning rate). */
  default T setLearningRate(double value) {
    return setParam(learningRate(), value);
  }

  /** Sets {@code momentum} (SGD momentum). */
  default T setMomentum(double value) {
    return setParam(momentum(), value);
  }

  /** Sets {@code nesterov} (Nesterov momentum). */
  default T setNesterov(boolean value) {
    return setParam(nesterov(), value);
  }

  /** Sets {@code beta1} (Adam first-moment decay). */
  default T setBeta1(double value) {
    return setParam(beta1(), value);
  }

  /** Sets {@code beta2} (Adam second-moment decay). */
  default T setBeta2(double value) {
    return setParam(beta2(), value);
  }

  /** Sets {@code lrSchedule} (learning-rate schedule). */
  default T setLrSchedule(String value) {
    return setParam(lrSchedule(), value);
  }

  /** Sets {@code warmupEpochs} (warm-up epochs). */
  default T setWarmupEpochs(int value) {
    return setParam(warmupEpochs(), value);
  }

  /** Sets {@code lrDecayEpochs} (epochs between step decays). */
  default T setLrDecayEpochs(int value) {
    return setParam(lrDecayEpochs(), value);
  }

  /** Sets {@code lrDecayFactor} (step decay factor). */
  default T setLrDecayFactor(double value) {
    return setParam(lrDecayFactor(), value);
  }

  /** Sets {@code batchSize} (rows per mini-batch). */
  default T setBatchSize(int value) {
    return setParam(batchSize(), value);
  }

  /** Sets {@code maxEpochs} (maximum epochs). */
  default T setMaxEpochs(int value) {
    return setParam(maxEpochs(), value);
  }

  /** Sets {@code syncInterval} (local steps between synchronisations). */
  default T setSyncInterval(int value) {
    return setParam(syncInterval(), value);
  }

  /** Sets {@code singleTaskMaxMB} (largest data trained in one task by the default schedule). */
  default T setSingleTaskMaxMB(double value) {
    return setParam(singleTaskMaxMB(), value);
  }

  /** Sets {@code aggregationDepth} (depth of the gradient-summing tree, >= 2). */
  default T setAggregationDepth(int value) {
    return setParam(aggregationDepth(), value);
  }

  /** Sets {@code standardization} (standardise features and regression label). */
  default T setStandardization(boolean value) {
    return setParam(standardization(), value);
  }

  /** Sets {@code validationIndicatorCol} (validation indicator column). */
  default T setValidationIndicatorCol(String value) {
    return setParam(validationIndicatorCol(), value);
  }

  /** Sets {@code validationFraction} (random validation fraction). */
  default T setValidationFraction(double value) {
    return setParam(validationFraction(), value);
  }

  /** Sets {@code validationMetric} (monitored validation metric). */
  default T setValidationMetric(String value) {
    return setParam(validationMetric(), value);
  }

  /** Sets {@code stopMode} (direction of improvement). */
  default T setStopMode(String value) {
    return setParam(stopMode(), value);
  }

  /** Sets {@code patience} (epochs without improvement before stopping). */
  default T setPatience(int value) {
    return setParam(patience(), value);
  }

  /** Sets {@code minDelta} (smallest improvement). */
  default T setMinDelta(double value) {
    return setParam(minDelta(), value);
  }

  /** Sets {@code restoreBestWeights} (keep the best epoch's weights). */
  default T setRestoreBestWeights(boolean value) {
    return setParam(restoreBestWeights(), value);
  }

  /** Sets {@code maxRuntimeSeconds} (wall-clock limit in seconds; 0: none). */
  default T setMaxRuntimeSeconds(double value) {
    return setParam(maxRuntimeSeconds(), value);
  }

  /**
   * @deprecated renamed {@code maxRuntimeSeconds}; use {@link #setMaxRuntimeSeconds}.
   */
  @Deprecated
  default T setMaxRuntime(double value) {
    RenamedParams.warn(getClass().getSimpleName(), "maxRuntime", "maxRuntimeSeconds", "setter");
    return setMaxRuntimeSeconds(value);
  }

  /** Sets {@code checkpointDir} (checkpoint folder). */
  default T setCheckpointDir(String value) {
    return setParam(checkpointDir(), value);
  }

  /** Sets {@code checkpointInterval} (epochs between checkpoints). */
  default T setCheckpointInterval(int value) {
    return setParam(checkpointInterval(), value);
  }

  /** Sets {@code resumeFrom} (checkpoint or model to continue from). */
  default T setResumeFrom(String value) {
    return setParam(resumeFrom(), value);
  }
}
