package ai.refinery.estimators.neural;

import ai.refinery.estimators.params.RenamedParams;

/**
 * Setters of the neural estimators, returning the concrete estimator type {@code T}.
 *
 * @param <T> the estimator
 */
public interface NeuralSetters<T extends NeuralSetters<T>> extends NeuralParams {
  /** Sets {@code weightCol} (instance weights; empty means all 1). */
  @SuppressWarnings("unchecked")
  default T setWeightCol(String value) {
    set(weightCol(), value);
    return (T) this;
  }

  /** Sets {@code seed}. */
  @SuppressWarnings("unchecked")
  default T setSeed(long value) {
    set(seed(), value);
    return (T) this;
  }

  /** Sets {@code hiddenLayers} (sizes of the hidden layers only, e.g. 64, 32). */
  @SuppressWarnings("unchecked")
  default T setHiddenLayers(int... value) {
    set(hiddenLayers(), value);
    return (T) this;
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
  @SuppressWarnings("unchecked")
  default T setActivation(String value) {
    set(activation(), value);
    return (T) this;
  }

  /** Sets {@code inputDropout} (input dropout fraction). */
  @SuppressWarnings("unchecked")
  default T setInputDropout(double value) {
    set(inputDropout(), value);
    return (T) this;
  }

  /** Sets {@code dropout} (hidden dropout fraction). */
  @SuppressWarnings("unchecked")
  default T setDropout(double value) {
    set(dropout(), value);
    return (T) this;
  }

  /** Sets {@code l1} (L1 penalty). */
  @SuppressWarnings("unchecked")
  default T setL1(double value) {
    set(l1(), value);
    return (T) this;
  }

  /** Sets {@code l2} (L2 penalty or decoupled weight decay). */
  @SuppressWarnings("unchecked")
  default T setL2(double value) {
    set(l2(), value);
    return (T) this;
  }

  /** Sets {@code optimizer} (update rule). */
  @SuppressWarnings("unchecked")
  default T setOptimizer(String value) {
    set(optimizer(), value);
    return (T) this;
  }

  /** Sets {@code learningRate} (base learning rate). */
  @SuppressWarnings("unchecked")
  default T setLearningRate(double value) {
    set(learningRate(), value);
    return (T) this;
  }

  /** Sets {@code momentum} (SGD momentum). */
  @SuppressWarnings("unchecked")
  default T setMomentum(double value) {
    set(momentum(), value);
    return (T) this;
  }

  /** Sets {@code nesterov} (Nesterov momentum). */
  @SuppressWarnings("unchecked")
  default T setNesterov(boolean value) {
    set(nesterov(), value);
    return (T) this;
  }

  /** Sets {@code beta1} (Adam first-moment decay). */
  @SuppressWarnings("unchecked")
  default T setBeta1(double value) {
    set(beta1(), value);
    return (T) this;
  }

  /** Sets {@code beta2} (Adam second-moment decay). */
  @SuppressWarnings("unchecked")
  default T setBeta2(double value) {
    set(beta2(), value);
    return (T) this;
  }

  /** Sets {@code lrSchedule} (learning-rate schedule). */
  @SuppressWarnings("unchecked")
  default T setLrSchedule(String value) {
    set(lrSchedule(), value);
    return (T) this;
  }

  /** Sets {@code warmupEpochs} (warm-up epochs). */
  @SuppressWarnings("unchecked")
  default T setWarmupEpochs(int value) {
    set(warmupEpochs(), value);
    return (T) this;
  }

  /** Sets {@code lrDecayEpochs} (epochs between step decays). */
  @SuppressWarnings("unchecked")
  default T setLrDecayEpochs(int value) {
    set(lrDecayEpochs(), value);
    return (T) this;
  }

  /** Sets {@code lrDecayFactor} (step decay factor). */
  @SuppressWarnings("unchecked")
  default T setLrDecayFactor(double value) {
    set(lrDecayFactor(), value);
    return (T) this;
  }

  /** Sets {@code batchSize} (rows per mini-batch). */
  @SuppressWarnings("unchecked")
  default T setBatchSize(int value) {
    set(batchSize(), value);
    return (T) this;
  }

  /** Sets {@code maxEpochs} (maximum epochs). */
  @SuppressWarnings("unchecked")
  default T setMaxEpochs(int value) {
    set(maxEpochs(), value);
    return (T) this;
  }

  /** Sets {@code syncInterval} (local steps between synchronisations). */
  @SuppressWarnings("unchecked")
  default T setSyncInterval(int value) {
    set(syncInterval(), value);
    return (T) this;
  }

  /** Sets {@code singleTaskMaxMB} (largest data trained in one task by the default schedule). */
  @SuppressWarnings("unchecked")
  default T setSingleTaskMaxMB(double value) {
    set(singleTaskMaxMB(), value);
    return (T) this;
  }

  /** Sets {@code aggregationDepth} (depth of the gradient-summing tree, >= 2). */
  @SuppressWarnings("unchecked")
  default T setAggregationDepth(int value) {
    set(aggregationDepth(), value);
    return (T) this;
  }

  /** Sets {@code standardization} (standardise features and regression label). */
  @SuppressWarnings("unchecked")
  default T setStandardization(boolean value) {
    set(standardization(), value);
    return (T) this;
  }

  /** Sets {@code validationIndicatorCol} (validation indicator column). */
  @SuppressWarnings("unchecked")
  default T setValidationIndicatorCol(String value) {
    set(validationIndicatorCol(), value);
    return (T) this;
  }

  /** Sets {@code validationFraction} (random validation fraction). */
  @SuppressWarnings("unchecked")
  default T setValidationFraction(double value) {
    set(validationFraction(), value);
    return (T) this;
  }

  /** Sets {@code validationMetric} (monitored validation metric). */
  @SuppressWarnings("unchecked")
  default T setValidationMetric(String value) {
    set(validationMetric(), value);
    return (T) this;
  }

  /** Sets {@code stopMode} (direction of improvement). */
  @SuppressWarnings("unchecked")
  default T setStopMode(String value) {
    set(stopMode(), value);
    return (T) this;
  }

  /** Sets {@code patience} (epochs without improvement before stopping). */
  @SuppressWarnings("unchecked")
  default T setPatience(int value) {
    set(patience(), value);
    return (T) this;
  }

  /** Sets {@code minDelta} (smallest improvement). */
  @SuppressWarnings("unchecked")
  default T setMinDelta(double value) {
    set(minDelta(), value);
    return (T) this;
  }

  /** Sets {@code restoreBestWeights} (keep the best epoch's weights). */
  @SuppressWarnings("unchecked")
  default T setRestoreBestWeights(boolean value) {
    set(restoreBestWeights(), value);
    return (T) this;
  }

  /** Sets {@code maxRuntimeSeconds} (wall-clock limit in seconds; 0: none). */
  @SuppressWarnings("unchecked")
  default T setMaxRuntimeSeconds(double value) {
    set(maxRuntimeSeconds(), value);
    return (T) this;
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
  @SuppressWarnings("unchecked")
  default T setCheckpointDir(String value) {
    set(checkpointDir(), value);
    return (T) this;
  }

  /** Sets {@code checkpointInterval} (epochs between checkpoints). */
  @SuppressWarnings("unchecked")
  default T setCheckpointInterval(int value) {
    set(checkpointInterval(), value);
    return (T) this;
  }

  /** Sets {@code resumeFrom} (checkpoint or model to continue from). */
  @SuppressWarnings("unchecked")
  default T setResumeFrom(String value) {
    set(resumeFrom(), value);
    return (T) this;
  }
}
