package ai.refinery.jobs;

import ai.refinery.estimators.listen.Decision;
import ai.refinery.estimators.listen.StepKind;
import ai.refinery.estimators.listen.TrainingEvent;
import ai.refinery.estimators.listen.TrainingListener;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/**
 * A progress bar on the console for long work: {@code trial 7/40 [#####.....] best 0.9731
 * ETA 2m10s}. On a terminal it redraws one line; otherwise (logs, CI) it prints a line per event
 * of the outermost kind only, so that logs stay readable.
 */
public final class ConsoleProgress implements TrainingListener {
  private static final int WIDTH = 24;
  private final PrintStream out;
  private final boolean terminal;
  private final Map<String, Long> started = new HashMap<>();
  private final Map<String, Double> best = new HashMap<>();

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
    Double v = firstMetric(e);
    if (v != null && !v.isNaN()) {
      best.merge(key, v, (a, b) -> higherIsBetter(e) ? Math.max(a, b) : Math.min(a, b));
    }
    if (!terminal && !(e.kind() == StepKind.TRIAL || e.kind() == StepKind.FOLD || e.finished())) {
      return Decision.CONTINUE; // in logs, epochs and rounds are too many lines
    }
    out.print((terminal ? "\r" : "") + line(e, key, now) + (terminal && !e.finished() ? "" : "\n"));
    out.flush();
    return Decision.CONTINUE;
  }

  String line(TrainingEvent e, String key, long now) {
    StringBuilder sb = new StringBuilder(e.kind().name().toLowerCase()).append(' ')
        .append(e.step());
    if (e.total() > 0) {
      sb.append('/').append(e.total()).append(" [");
      int filled = (int) Math.round(WIDTH * Math.min(1.0, e.step() / (double) e.total()));
      sb.append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append(']');
    }
    Double b = best.get(key);
    if (b != null) {
      sb.append(String.format(" best %s %.4f", metricName(e), b));
    }
    if (e.total() > 0 && e.step() < e.total() && !e.finished()) {
      double perStep = (now - started.get(key)) / 1e9 / e.step();
      sb.append(" ETA ").append(duration(perStep * (e.total() - e.step())));
    }
    if (e.finished() && !e.message().isEmpty()) {
      sb.append(" - ").append(e.message());
    }
    return sb.toString();
  }

  private static Double firstMetric(TrainingEvent e) {
    return e.metrics().isEmpty() ? null : e.metrics().values().iterator().next();
  }

  private static String metricName(TrainingEvent e) {
    return e.metrics().isEmpty() ? "" : e.metrics().keySet().iterator().next();
  }

  private static boolean higherIsBetter(TrainingEvent e) {
    String m = metricName(e).toLowerCase();
    return !(m.contains("loss") || m.contains("rmse") || m.contains("mae") || m.contains("mse")
        || m.contains("error"));
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format("%dh%02dm", s / 3600, s % 3600 / 60)
        : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
  }
}
