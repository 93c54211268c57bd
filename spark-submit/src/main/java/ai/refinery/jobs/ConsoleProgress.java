package ai.refinery.jobs;

import ai.refinery.estimators.listen.Decision;
import ai.refinery.estimators.listen.StepKind;
import ai.refinery.estimators.listen.TrainingEvent;
import ai.refinery.estimators.listen.TrainingListener;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/**
 * A progress bar on the console for long work: {@code trial 7/40 [#####.....] best 0.9731 ETA
 * 2m10s}. On a terminal it redraws one line; otherwise (logs, CI) it prints a line per event of the
 * outermost kind only, so that logs stay readable.
 */
public final class ConsoleProgress implements TrainingListener {
  private static final int WIDTH = 24;
  private final PrintStream out;
  private final boolean terminal;
  private final Map<String, Long> started = new HashMap<>();
  private final Map<String, Double> best = new HashMap<>();
  private final Map<String, String> names = new HashMap<>();

  public ConsoleProgress(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  /** A bar on stderr; redraws in place when stderr is a terminal. */
  public static ConsoleProgress onStderr() {
    return new ConsoleProgress(System.err, System.console() != null);
  }

  @Override
  public synchronized Decision onEvent(TrainingEvent e) {
    String key = e.runId() + "/" + e.kind();
    long now = System.nanoTime();
    started.putIfAbsent(key, now);
    String name = metricName(e);
    if (name != null) {
      names.put(key, name);
    }
    if (name != null && !e.metrics().containsKey("best")) {
      double v = e.metrics().get(name);
      if (!Double.isNaN(v)) {
        best.merge(key, v, (a, b) -> higherIsBetter(name) ? Math.max(a, b) : Math.min(a, b));
      }
    }
    if (!terminal && !(e.kind() == StepKind.TRIAL || e.kind() == StepKind.FOLD || e.finished())) {
      return Decision.CONTINUE; // in logs, epochs and rounds are too many lines
    }
    out.print((terminal ? "\r" : "") + line(e, key, now) + (terminal && !e.finished() ? "" : "\n"));
    out.flush();
    return Decision.CONTINUE;
  }

  /** Reported numbers that are not metrics (indices, bookkeeping). */
  private static final java.util.Set<String> NOT_METRICS =
      java.util.Set.of(
          "fold", "trial", "bestParamIndex", "best", "step", "epoch", "round", "iteration");

  String line(TrainingEvent e, String key, long now) {
    StringBuilder sb =
        new StringBuilder(e.kind().name().toLowerCase()).append(' ').append(e.step());
    boolean known = e.total() > 0 && e.step() <= e.total();
    if (known) {
      sb.append('/').append(e.total()).append(" [");
      int filled = (int) Math.round(WIDTH * Math.min(1.0, e.step() / (double) e.total()));
      sb.append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append(']');
    }
    String name = metricName(e) != null ? metricName(e) : names.get(key);
    Double reported = e.metrics().get("best");
    if (reported != null && !reported.isNaN()) {
      // the reporter's own best so far (a tuner knows its direction)
      sb.append(
          String.format(
              java.util.Locale.ROOT, " best %s%.4f", name == null ? "" : name + " ", reported));
    } else if (name != null && e.kind() == StepKind.FOLD) {
      // cross-validation reports the mean over the folds done so far
      sb.append(String.format(java.util.Locale.ROOT, " mean %s %.4f", name, e.metrics().get(name)));
    } else if (name != null && best.get(key) != null) {
      sb.append(String.format(java.util.Locale.ROOT, " best %s %.4f", name, best.get(key)));
    }
    if (known && e.step() < e.total() && !e.finished()) {
      double perStep = (now - started.get(key)) / 1e9 / e.step();
      sb.append(" ETA ").append(duration(perStep * (e.total() - e.step())));
    }
    if (e.finished() && !e.message().isEmpty()) {
      sb.append(" - ").append(e.message());
    }
    return sb.toString();
  }

  /** The first reported number that is a metric, or null. */
  private static String metricName(TrainingEvent e) {
    for (String k : e.metrics().keySet()) {
      if (!NOT_METRICS.contains(k)) {
        return k;
      }
    }
    return null;
  }

  private static boolean higherIsBetter(String metric) {
    String m = metric.toLowerCase();
    return !(m.contains("loss")
        || m.contains("rmse")
        || m.contains("mae")
        || m.contains("mse")
        || m.contains("error")
        || m.contains("objective"));
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format("%dh%02dm", s / 3600, s % 3600 / 60)
        : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
  }
}
