package ai.refinery.estimators.neural;

import org.apache.spark.ml.param.DoubleArrayParam;

/**
 * The params of {@link NeuralClassifier} and {@link NeuralClassificationModel}: the shared {@link
 * NeuralParams} and {@code classWeights}.
 */
public interface NeuralClassifierParams extends NeuralParams {
  /** The {@code classWeights} param (weight of each class, multiplies weightCol). */
  default DoubleArrayParam classWeights() {
    return neuralParams().classWeights;
  }

  default double[] getClassWeights() {
    return (double[]) getOrDefault(classWeights());
  }
}
