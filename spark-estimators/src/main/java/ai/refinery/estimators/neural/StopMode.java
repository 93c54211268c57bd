package ai.refinery.estimators.neural;

/** Whether the monitored validation metric improves downwards or upwards. */
public enum StopMode {
  /** min for loss, rmse, mae; max for accuracy, auc, r2. */
  AUTO,
  MIN,
  MAX
}
