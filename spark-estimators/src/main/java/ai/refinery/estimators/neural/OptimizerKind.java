package ai.refinery.estimators.neural;

/** Gradient-descent update rules. */
public enum OptimizerKind {
  /** SGD with (optional Nesterov) momentum; {@code l2} is a penalty added to the gradient. */
  SGD,
  /** Adam; {@code l2} is a penalty added to the gradient. */
  ADAM,
  /** AdamW: Adam with {@code l2} applied as decoupled weight decay. */
  ADAMW
}
