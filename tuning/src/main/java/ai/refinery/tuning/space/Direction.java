package ai.refinery.tuning.space;

import java.util.Locale;

/** Whether the objective is minimised (losses, regret) or maximised (AUC, accuracy). */
public enum Direction {
  MINIMIZE,
  MAXIMIZE;

  public static Direction parse(String s) {
    String key = s.trim().toUpperCase(Locale.ROOT);
    if (key.equals("MINIMISE") || key.equals("MIN")) {
      return MINIMIZE;
    }
    if (key.equals("MAXIMISE") || key.equals("MAX")) {
      return MAXIMIZE;
    }
    try {
      return valueOf(key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Unknown direction '" + s + "'; expected minimize or maximize");
    }
  }

  /** The value a minimiser sees: the value itself, or its negation when maximising. */
  public double toMinimized(double value) {
    return this == MINIMIZE ? value : -value;
  }

  /** True when {@code a} is strictly better than {@code b}. */
  public boolean better(double a, double b) {
    return this == MINIMIZE ? a < b : a > b;
  }

  public String spelling() {
    return name().toLowerCase(Locale.ROOT);
  }
}
