package ai.refinery.estimators.run;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Short ids for fits ({@code cv-3}, {@code tune-1}), used as log prefixes and in listener events.
 */
public final class FitIds {
  private static final AtomicInteger NEXT = new AtomicInteger();

  private FitIds() {}

  public static String next(String prefix) {
    return prefix + "-" + NEXT.incrementAndGet();
  }
}
