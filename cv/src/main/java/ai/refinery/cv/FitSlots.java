package ai.refinery.cv;

import java.util.concurrent.Callable;

/**
 * A budget of concurrent fits shared by several {@link FoldRunner} runs (the tuner's trials, each
 * running its folds in parallel): at most {@code total} fits run at once across all of them.
 *
 * <p>Each run gets a {@link Lane}, one slot of its own, so it always makes progress; its other fits
 * borrow the slots no lane holds. The owner says how many lanes may be open ({@link #reserve}),
 * e.g. the tuner reserves one lane per trial it may still run and, once no more trials will be
 * launched, only one per running trial, so the last trials use the freed slots for their folds.
 * Keeping the number of open lanes at or below {@code reserved} is the owner's job; then the fits
 * running at once never exceed {@code total}.
 */
public final class FitSlots {
  private final int total;
  private int reserved;
  private int borrowed;

  /** {@code total} slots, all reserved for lanes until {@link #reserve} says otherwise. */
  public FitSlots(int total) {
    if (total < 1) {
      throw new IllegalArgumentException("FitSlots total must be >= 1 but is " + total);
    }
    this.total = total;
    this.reserved = total;
  }

  public int total() {
    return total;
  }

  /** Sets how many slots are held for lanes (0..total); the rest may be borrowed. */
  public synchronized void reserve(int lanes) {
    if (lanes < 0 || lanes > total) {
      throw new IllegalArgumentException(
          "reserved lanes must be in 0.." + total + " but is " + lanes);
    }
    reserved = lanes;
    notifyAll();
  }

  /** A new lane: one slot of its own plus whatever it can borrow. */
  public Lane lane() {
    return new Lane();
  }

  /** One run's share of the budget; its fits call {@link #call}. */
  public final class Lane {
    private boolean busy;

    private Lane() {}

    /** Runs {@code fit} in a slot, waiting for one (interruptibly). */
    public <T> T call(Callable<T> fit) throws Exception {
      boolean own = acquire(this);
      try {
        return fit.call();
      } finally {
        release(this, own);
      }
    }
  }

  /** True when the lane's own slot was taken, false when one was borrowed. */
  private synchronized boolean acquire(Lane lane) throws InterruptedException {
    while (true) {
      if (!lane.busy) {
        lane.busy = true;
        return true;
      }
      if (borrowed < total - reserved) {
        borrowed++;
        return false;
      }
      wait();
    }
  }

  private synchronized void release(Lane lane, boolean own) {
    if (own) {
      lane.busy = false;
    } else {
      borrowed--;
    }
    notifyAll();
  }
}
