package ai.refinery.cv;

import ai.refinery.estimators.Uids;

/**
 * scikit-learn's RepeatedStratifiedKFold: {@link StratifiedKFold} repeated {@code numRepeats} times
 * (default 10) with independent seeds; the output holds every row once per repeat, with the repeat
 * in {@code repeatCol}. Every fold assigner repeats the same way through its {@code numRepeats}
 * param; this class only changes the default.
 */
public class RepeatedStratifiedKFold extends StratifiedKFold {
  public RepeatedStratifiedKFold() {
    this(Uids.random("repStratKFold"));
  }

  public RepeatedStratifiedKFold(String uid) {
    super(uid);
    setDefault(numRepeats(), 10);
  }

  /** Loads a saved instance ({@code read()} is inherited: Spark's reader uses the saved class). */
  public static RepeatedStratifiedKFold load(String path) {
    return (RepeatedStratifiedKFold) StratifiedKFold.read().load(path);
  }
}
