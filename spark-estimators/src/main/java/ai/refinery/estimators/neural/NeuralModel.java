package ai.refinery.estimators.neural;

import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;

/**
 * What the two neural models share besides their params: the fitted network, the training summary
 * and persistence ({@link NeuralModelIO}: {@code metadata/}, {@code data/} and {@code
 * summary.json}).
 */
public interface NeuralModel extends NeuralParams, NeuralModelIO.Saved, MLWritable {
  /** Layer sizes: input, hidden..., output. */
  default int[] layerSizes() {
    return data().net.sizes.clone();
  }

  /** The network's parameters, flat (per layer: weights column-major out x in, then biases). */
  default double[] weights() {
    return data().weights.clone();
  }

  /** True when the model has a training summary (fitted, or loaded from a save that had one). */
  default boolean hasSummary() {
    return summaryOrNull() != null;
  }

  /** Per-epoch history, stop reason and best epoch of the fit. */
  default NeuralTrainingSummary summary() {
    if (summaryOrNull() == null) {
      throw new IllegalStateException(
          getClass().getSimpleName()
              + " "
              + uid()
              + " has no training summary; check hasSummary() first.");
    }
    return summaryOrNull();
  }

  @Override
  default MLWriter write() {
    return new NeuralModelIO.Writer(this);
  }
}
