package ai.refinery.estimators.neural;

import java.io.Serializable;

/**
 * One epoch of the training history.
 *
 * @param epoch 1-based epoch number
 * @param trainLoss mean training loss over the epoch's mini-batches (before the updates; dropout
 *     on); log loss for classification, mean squared error of the standardised label for regression
 * @param validationLoss the same loss on the validation rows after the epoch (NaN without
 *     validation)
 * @param validationMetric the monitored metric on the validation rows (NaN without validation)
 * @param learningRate learning rate of the epoch's last step
 * @param seconds wall-clock seconds of the epoch (training and validation)
 * @param rowsPerSecond training rows processed per second
 */
public record EpochRecord(
    int epoch,
    double trainLoss,
    double validationLoss,
    double validationMetric,
    double learningRate,
    double seconds,
    double rowsPerSecond)
    implements Serializable {}
