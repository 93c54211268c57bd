package ai.refinery.estimators.neural;

import ai.refinery.estimators.nested.EarlyUid;
import ai.refinery.estimators.params.HasSeed;
import ai.refinery.estimators.params.HasWeightCol;
import ai.refinery.estimators.params.RenamedParams;
import java.util.Map;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;

/**
 * The params shared by the neural estimators and their models (declared in {@link NeuralParamSet});
 * accessors and getters only, setters are on the estimators.
 */
public interface NeuralParams extends HasWeightCol, HasSeed, RenamedParams {
  /** The param objects of this stage (created in its constructor). */
  NeuralParamSet neuralParams();

  /** The uid, pending in {@link EarlyUid} while the superclass and the params are built. */
  @Override
  default String uid() {
    return neuralParams() != null ? neuralParams().uid : EarlyUid.peek();
  }

  /** Old names still read (setters, saved stages, job specs, search spaces) with a WARN. */
  @Override
  default Map<String, String> renamedParams() {
    return Map.of("layers", "hiddenLayers", "maxRuntime", "maxRuntimeSeconds");
  }

  @Override
  default Param<String> weightCol() {
    return neuralParams().weightCol;
  }

  @Override
  default LongParam seed() {
    return neuralParams().seed;
  }

  /** The {@code hiddenLayers} param (sizes of the hidden layers only). */
  default IntArrayParam hiddenLayers() {
    return neuralParams().hiddenLayers;
  }

  /** The {@code activation} param (hidden-layer activation). */
  default Param<String> activation() {
    return neuralParams().activation;
  }

  /** The {@code inputDropout} param (input dropout fraction). */
  default DoubleParam inputDropout() {
    return neuralParams().inputDropout;
  }

  /** The {@code dropout} param (hidden dropout fraction). */
  default DoubleParam dropout() {
    return neuralParams().dropout;
  }

  /** The {@code l1} param (L1 penalty). */
  default DoubleParam l1() {
    return neuralParams().l1;
  }

  /** The {@code l2} param (L2 penalty or decoupled weight decay). */
  default DoubleParam l2() {
    return neuralParams().l2;
  }

  /** The {@code optimizer} param (update rule). */
  default Param<String> optimizer() {
    return neuralParams().optimizer;
  }

  /** The {@code learningRate} param (base learning rate). */
  default DoubleParam learningRate() {
    return neuralParams().learningRate;
  }

  /** The {@code momentum} param (SGD momentum). */
  default DoubleParam momentum() {
    return neuralParams().momentum;
  }

  /** The {@code nesterov} param (Nesterov momentum). */
  default BooleanParam nesterov() {
    return neuralParams().nesterov;
  }

  /** The {@code beta1} param (Adam first-moment decay). */
  default DoubleParam beta1() {
    return neuralParams().beta1;
  }

  /** The {@code beta2} param (Adam second-moment decay). */
  default DoubleParam beta2() {
    return neuralParams().beta2;
  }

  /** The {@code lrSchedule} param (learning-rate schedule). */
  default Param<String> lrSchedule() {
    return neuralParams().lrSchedule;
  }

  /** The {@code warmupEpochs} param (warm-up epochs). */
  default IntParam warmupEpochs() {
    return neuralParams().warmupEpochs;
  }

  /** The {@code lrDecayEpochs} param (epochs between step decays). */
  default IntParam lrDecayEpochs() {
    return neuralParams().lrDecayEpochs;
  }

  /** The {@code lrDecayFactor} param (step decay factor). */
  default DoubleParam lrDecayFactor() {
    return neuralParams().lrDecayFactor;
  }

  /** The {@code batchSize} param (rows per mini-batch). */
  default IntParam batchSize() {
    return neuralParams().batchSize;
  }

  /** The {@code maxEpochs} param (maximum epochs). */
  default IntParam maxEpochs() {
    return neuralParams().maxEpochs;
  }

  /** The {@code syncInterval} param (local steps between synchronisations). */
  default IntParam syncInterval() {
    return neuralParams().syncInterval;
  }

  /** The {@code singleTaskMaxMB} param (largest data trained in one task by default). */
  default DoubleParam singleTaskMaxMB() {
    return neuralParams().singleTaskMaxMB;
  }

  /** The {@code aggregationDepth} param (depth of the gradient-summing tree). */
  default IntParam aggregationDepth() {
    return neuralParams().aggregationDepth;
  }

  /** The {@code standardization} param (standardise features and regression label). */
  default BooleanParam standardization() {
    return neuralParams().standardization;
  }

  /** The {@code validationIndicatorCol} param (validation indicator column). */
  default Param<String> validationIndicatorCol() {
    return neuralParams().validationIndicatorCol;
  }

  /** The {@code validationFraction} param (random validation fraction). */
  default DoubleParam validationFraction() {
    return neuralParams().validationFraction;
  }

  /** The {@code validationMetric} param (monitored validation metric). */
  default Param<String> validationMetric() {
    return neuralParams().validationMetric;
  }

  /** The {@code stopMode} param (direction of improvement). */
  default Param<String> stopMode() {
    return neuralParams().stopMode;
  }

  /** The {@code patience} param (epochs without improvement before stopping). */
  default IntParam patience() {
    return neuralParams().patience;
  }

  /** The {@code minDelta} param (smallest improvement). */
  default DoubleParam minDelta() {
    return neuralParams().minDelta;
  }

  /** The {@code restoreBestWeights} param (keep the best epoch's weights). */
  default BooleanParam restoreBestWeights() {
    return neuralParams().restoreBestWeights;
  }

  /** The {@code maxRuntimeSeconds} param (wall-clock limit in seconds). */
  default DoubleParam maxRuntimeSeconds() {
    return neuralParams().maxRuntimeSeconds;
  }

  /** The {@code checkpointDir} param (checkpoint folder). */
  default Param<String> checkpointDir() {
    return neuralParams().checkpointDir;
  }

  /** The {@code checkpointInterval} param (epochs between checkpoints). */
  default IntParam checkpointInterval() {
    return neuralParams().checkpointInterval;
  }

  /** The {@code resumeFrom} param (checkpoint or model to continue from). */
  default Param<String> resumeFrom() {
    return neuralParams().resumeFrom;
  }

  default int[] getHiddenLayers() {
    return (int[]) getOrDefault(hiddenLayers());
  }

  /**
   * @deprecated renamed {@code hiddenLayers} (Spark's {@code layers} includes the input and output
   *     layers); use {@link #getHiddenLayers}.
   */
  @Deprecated
  default int[] getLayers() {
    RenamedParams.warn(getClass().getSimpleName(), "layers", "hiddenLayers", "getter");
    return getHiddenLayers();
  }

  default String getActivation() {
    return (String) getOrDefault(activation());
  }

  default double getInputDropout() {
    return (Double) getOrDefault(inputDropout());
  }

  default double getDropout() {
    return (Double) getOrDefault(dropout());
  }

  default double getL1() {
    return (Double) getOrDefault(l1());
  }

  default double getL2() {
    return (Double) getOrDefault(l2());
  }

  default String getOptimizer() {
    return (String) getOrDefault(optimizer());
  }

  default double getLearningRate() {
    return (Double) getOrDefault(learningRate());
  }

  default double getMomentum() {
    return (Double) getOrDefault(momentum());
  }

  default boolean getNesterov() {
    return (Boolean) getOrDefault(nesterov());
  }

  default double getBeta1() {
    return (Double) getOrDefault(beta1());
  }

  default double getBeta2() {
    return (Double) getOrDefault(beta2());
  }

  default String getLrSchedule() {
    return (String) getOrDefault(lrSchedule());
  }

  default int getWarmupEpochs() {
    return (Integer) getOrDefault(warmupEpochs());
  }

  default int getLrDecayEpochs() {
    return (Integer) getOrDefault(lrDecayEpochs());
  }

  default double getLrDecayFactor() {
    return (Double) getOrDefault(lrDecayFactor());
  }

  default int getBatchSize() {
    return (Integer) getOrDefault(batchSize());
  }

  default int getMaxEpochs() {
    return (Integer) getOrDefault(maxEpochs());
  }

  default int getSyncInterval() {
    return (Integer) getOrDefault(syncInterval());
  }

  default double getSingleTaskMaxMB() {
    return (Double) getOrDefault(singleTaskMaxMB());
  }

  default int getAggregationDepth() {
    return (Integer) getOrDefault(aggregationDepth());
  }

  default boolean getStandardization() {
    return (Boolean) getOrDefault(standardization());
  }

  default String getValidationIndicatorCol() {
    return (String) getOrDefault(validationIndicatorCol());
  }

  default double getValidationFraction() {
    return (Double) getOrDefault(validationFraction());
  }

  default String getValidationMetric() {
    return (String) getOrDefault(validationMetric());
  }

  default String getStopMode() {
    return (String) getOrDefault(stopMode());
  }

  default int getPatience() {
    return (Integer) getOrDefault(patience());
  }

  default double getMinDelta() {
    return (Double) getOrDefault(minDelta());
  }

  default boolean getRestoreBestWeights() {
    return (Boolean) getOrDefault(restoreBestWeights());
  }

  default double getMaxRuntimeSeconds() {
    return (Double) getOrDefault(maxRuntimeSeconds());
  }

  /**
   * @deprecated renamed {@code maxRuntimeSeconds}; use {@link #getMaxRuntimeSeconds}.
   */
  @Deprecated
  default double getMaxRuntime() {
    RenamedParams.warn(getClass().getSimpleName(), "maxRuntime", "maxRuntimeSeconds", "getter");
    return getMaxRuntimeSeconds();
  }

  default String getCheckpointDir() {
    return (String) getOrDefault(checkpointDir());
  }

  default int getCheckpointInterval() {
    return (Integer) getOrDefault(checkpointInterval());
  }

  default String getResumeFrom() {
    return (String) getOrDefault(resumeFrom());
  }
}
