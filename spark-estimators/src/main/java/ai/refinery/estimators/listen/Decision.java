package ai.refinery.estimators.listen;

/** A listener's answer to an event: go on, or stop the work that reported it. */
public enum Decision {
  CONTINUE,
  STOP;

  /** STOP wins: any listener can stop the work. */
  public Decision and(Decision other) {
    return this == STOP || other == STOP ? STOP : CONTINUE;
  }
}
