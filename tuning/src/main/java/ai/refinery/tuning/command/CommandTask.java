package ai.refinery.tuning.command;

import ai.refinery.tuning.spark.TrialStatus;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.api.java.function.Function;

/**
 * Runs one command trial where it is called (on an executor, inside a Spark task): starts the
 * process, keeps the end of its output, kills it at the timeout, and parses the objective and the
 * intermediate values. Never throws for a failing command: the failure is the result. Input: {@code
 * trialId \t paramsJson}.
 */
public final class CommandTask implements Function<String, CommandResult> {
  private static final long serialVersionUID = 1L;
  private final CommandSpec spec;

  public CommandTask(CommandSpec spec) {
    this.spec = spec;
  }

  @Override
  public CommandResult call(String input) {
    int tab = input.indexOf('\t');
    int trial = Integer.parseInt(input.substring(0, tab));
    Map<String, Object> params;
    try {
      params =
          new ObjectMapper()
              .readValue(
                  input.substring(tab + 1), new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (IOException e) {
      throw new IllegalArgumentException("bad trial input " + input, e);
    }
    return run(trial, params);
  }

  /** Runs the command for one point (also usable without Spark). */
  public CommandResult run(int trial, Map<String, Object> params) {
    long start = System.currentTimeMillis();
    String host = host();
    List<String> argv = spec.argv(params);
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    if (spec.envPrefix() != null) {
      params.forEach((k, v) -> pb.environment().put(spec.envName(k), String.valueOf(v)));
    }
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return failed(trial, "", "cannot start " + argv + ": " + e.getMessage(), start, host);
    }
    TailBuffer out = new TailBuffer(spec.maxLogChars());
    Thread pump = new Thread(() -> out.drain(p.getInputStream()), "command-trial-" + trial);
    pump.setDaemon(true);
    pump.start();
    boolean finished;
    try {
      if (spec.timeoutSeconds() > 0) {
        finished = p.waitFor((long) (spec.timeoutSeconds() * 1000), TimeUnit.MILLISECONDS);
      } else {
        p.waitFor();
        finished = true;
      }
      if (!finished) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
      pump.join(5000);
    } catch (InterruptedException e) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return failed(trial, out.text(), "interrupted (the trial was cancelled)", start, host);
    }
    long end = System.currentTimeMillis();
    String log = out.text();
    List<Double> inter =
        spec.intermediateRegex() == null ? List.of() : allMatches(spec.intermediateRegex(), log);
    int code = finished ? p.exitValue() : -1;
    List<Double> obj = List.of();
    String error = null;
    if (!finished) {
      error =
          String.format(
              "timed out after %ss (timeoutSeconds); the process was killed",
              spec.timeoutSeconds());
    } else if (code != 0) {
      error = String.format("exit code %d; last output: %s", code, lastLines(log, 5));
    } else {
      obj = allMatches(spec.objectiveRegex(), log);
      if (obj.isEmpty()) {
        error =
            String.format(
                "no output line matched objectiveRegex '%s' (or its group is not a number); last "
                    + "output: %s",
                spec.objectiveRegex(), lastLines(log, 5));
      }
    }
    return new CommandResult(
        trial,
        error == null ? TrialStatus.COMPLETED : TrialStatus.FAILED,
        error == null ? obj.get(obj.size() - 1) : null,
        inter,
        code,
        log,
        error,
        start,
        end,
        host);
  }

  /** A trial that failed before it produced output to parse (not started, or cancelled). */
  private static CommandResult failed(
      int trial, String log, String error, long start, String host) {
    return new CommandResult(
        trial,
        TrialStatus.FAILED,
        null,
        List.of(),
        -1,
        log,
        error,
        start,
        System.currentTimeMillis(),
        host);
  }

  static List<Double> allMatches(String regex, String text) {
    List<Double> out = new ArrayList<>();
    Matcher m = Pattern.compile(regex).matcher(text);
    while (m.find()) {
      try {
        out.add(Double.parseDouble(m.group(1).trim()));
      } catch (NumberFormatException | NullPointerException e) {
        // a line that matches but carries no number does not count
      }
    }
    return out;
  }

  private static String lastLines(String log, int n) {
    String[] lines = log.split("\n");
    StringBuilder sb = new StringBuilder();
    for (int i = Math.max(0, lines.length - n); i < lines.length; i++) {
      sb.append(i > Math.max(0, lines.length - n) ? " | " : "").append(lines[i]);
    }
    return sb.toString();
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Keeps the last {@code max} characters of a stream. */
  private static final class TailBuffer {
    private final int max;
    private final StringBuilder sb = new StringBuilder();

    TailBuffer(int max) {
      this.max = max;
    }

    void drain(InputStream in) {
      byte[] buf = new byte[8192];
      ByteArrayOutputStream pending = new ByteArrayOutputStream();
      try (in) {
        int n;
        while ((n = in.read(buf)) > 0) {
          pending.write(buf, 0, n);
          synchronized (this) {
            sb.append(pending.toString(StandardCharsets.UTF_8));
            if (sb.length() > max) {
              sb.delete(0, sb.length() - max);
            }
          }
          pending.reset();
        }
      } catch (IOException e) {
        // the process was killed: keep what was read
      }
    }

    synchronized String text() {
      return sb.toString();
    }
  }
}
