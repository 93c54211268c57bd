/**
 * Early-stopped neural networks (multi-layer perceptrons) trained with distributed mini-batch
 * gradient descent: {@link ai.refinery.estimators.neural.NeuralClassifier} and {@link
 * ai.refinery.estimators.neural.NeuralRegressor}, their models, training history, checkpoints.
 * Feature assembly and tuning live elsewhere.
 */
package ai.refinery.estimators.neural;
