package ai.refinery.tuning.suggest;

import ai.refinery.tuning.space.SpaceSpec;
import ai.refinery.tuning.strategy.Optimizer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code refinery suggest}: a JSON-lines ask/tell loop over stdin/stdout.
 *
 * <pre>
 * refinery suggest --space space.json --strategy bayesian|random|grid --seed S --max-trials N [--parallel P]
 * </pre>
 *
 * <ul>
 *   <li>stdout: one line per suggestion, {@code {"trial": 0, "params": {...}, "source": "model"}}
 *       (source: initial, model or fallback for Bayesian search), flushed; with {@code --parallel
 *       P} up to P suggestions are outstanding before it waits for results.
 *   <li>stdin: one line per result, {@code {"trial": 0, "value": 12.3}} or {@code {"trial": 0,
 *       "status": "failed"}}; blank lines are skipped.
 *   <li>after N results (or when a grid is exhausted) it prints {@code {"best": {"trial": 7,
 *       "params": {...}, "value": 0.41}}} and exits 0 ({@code {"best": null}} and exit 1 when every
 *       trial failed).
 *   <li>nothing else goes to stdout; progress goes to stderr. A malformed line, an unknown or
 *       repeated trial id, or input ending early: a clear error on stderr and exit code 2.
 * </ul>
 */
@Command(
    name = "suggest",
    mixinStandardHelpOptions = true,
    description =
        "Suggest hyperparameters over JSON lines: suggestions on stdout, results on stdin.")
public final class SuggestLoop implements Callable<Integer> {
  /** Exit code for bad input (options, space file, result lines). */
  public static final int BAD_INPUT = 2;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @Option(names = "--space", required = true, description = "search space file (.json, .yaml)")
  Path space;

  @Option(
      names = "--strategy",
      defaultValue = "bayesian",
      description = "bayesian, random or grid (default: ${DEFAULT-VALUE})")
  String strategy;

  @Option(names = "--seed", defaultValue = "0", description = "random seed (default: 0)")
  long seed;

  @Option(names = "--max-trials", required = true, description = "number of results to collect")
  int maxTrials;

  @Option(
      names = "--parallel",
      defaultValue = "1",
      description = "suggestions outstanding at once (default: 1)")
  int parallel;

  private InputStream in = System.in;
  private PrintStream out = System.out;
  private PrintStream err = System.err;

  /** Parses {@code args} and runs the loop on the given streams; returns the exit code. */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    SuggestLoop loop = new SuggestLoop();
    loop.in = in;
    loop.out = out;
    loop.err = err;
    CommandLine cl = new CommandLine(loop);
    cl.setOut(new PrintWriter(err, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Override
  public Integer call() {
    if (maxTrials < 1) {
      return fail("--max-trials must be >= 1 but is " + maxTrials);
    }
    if (parallel < 1) {
      return fail("--parallel must be >= 1 but is " + parallel);
    }
    Optimizer opt;
    try {
      SpaceSpec spec = SpaceSpec.read(space);
      opt =
          new Optimizer(
              spec.space(), spec.direction(), Optimizer.strategy(strategy, spec.space(), seed));
    } catch (RuntimeException e) {
      return fail(e.getMessage());
    }
    try {
      return loop(opt);
    } catch (IOException e) {
      return fail("cannot read results from stdin: " + e);
    }
  }

  private int loop(Optimizer opt) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    int suggested = 0;
    int results = 0;
    int lineNo = 0;
    boolean exhausted = false;
    while (results < maxTrials) {
      int room = Math.min(parallel - opt.pendingCount(), maxTrials - suggested);
      if (room > 0 && !exhausted) {
        List<Optimizer.Suggestion> batch = opt.ask(room);
        if (batch.size() < room) {
          exhausted = true;
        }
        for (Optimizer.Suggestion s : batch) {
          ObjectNode line = JSON.createObjectNode();
          line.put("trial", s.trial());
          line.set("params", JSON.valueToTree(s.params()));
          line.put("source", s.source());
          out.println(JSON.writeValueAsString(line));
          suggested++;
        }
        out.flush();
      }
      if (opt.pendingCount() == 0) {
        err.printf(
            "suggest: the %s search has no more points after %d trials%n", strategy, suggested);
        break;
      }
      String text = reader.readLine();
      lineNo++;
      if (text == null) {
        return fail(
            String.format(
                "stdin ended after %d of %d results; trials %s are still " + "waiting for a result",
                results, maxTrials, pendingIds(opt)));
      }
      if (text.isBlank()) {
        continue;
      }
      String problem = apply(opt, text);
      if (problem != null) {
        return fail(
            String.format(
                "stdin line %d: %s. Got: %s. Expected {\"trial\": N, \"value\": "
                    + "X} or {\"trial\": N, \"status\": \"failed\"}",
                lineNo, problem, abbreviate(text)));
      }
      results++;
      Optional<Optimizer.Result> best = opt.best();
      err.printf(
          "suggest: result %d of %d; best so far %s%n",
          results,
          maxTrials,
          best.map(b -> b.value() + " (trial " + b.trial() + ")").orElse("none"));
    }
    ObjectNode root = JSON.createObjectNode();
    Optional<Optimizer.Result> best = opt.best();
    if (best.isPresent()) {
      ObjectNode b = root.putObject("best");
      b.put("trial", best.get().trial());
      b.set("params", JSON.valueToTree(best.get().params()));
      b.put("value", best.get().value());
    } else {
      root.putNull("best");
    }
    out.println(JSON.writeValueAsString(root));
    out.flush();
    if (best.isEmpty()) {
      err.println("suggest: every trial failed; there is no best trial");
      return 1;
    }
    return 0;
  }

  /** Applies one result line; returns what is wrong with it, or null. */
  private static String apply(Optimizer opt, String text) {
    JsonNode n;
    try {
      n = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return "not valid JSON (" + e.getOriginalMessage() + ")";
    }
    if (n == null || !n.isObject()) {
      return "a result must be a JSON object";
    }
    Iterator<String> keys = n.fieldNames();
    while (keys.hasNext()) {
      String k = keys.next();
      if (!k.equals("trial") && !k.equals("value") && !k.equals("status")) {
        return "unknown key '" + k + "'";
      }
    }
    JsonNode trial = n.get("trial");
    if (trial == null || !trial.isIntegralNumber() || !trial.canConvertToInt()) {
      return "'trial' must be an integer trial id";
    }
    int id = trial.intValue();
    if (!opt.isPending(id)) {
      return String.format(
          "trial %d is not waiting for a result (pending: %s)", id, pendingIds(opt));
    }
    JsonNode status = n.get("status");
    JsonNode value = n.get("value");
    if (status != null) {
      if (!status.isTextual()) {
        return "'status' must be a string";
      }
      String s = status.asText();
      if (s.equals("failed")) {
        if (value != null) {
          return "a failed result must not have a 'value'";
        }
        opt.tellFailed(id);
        return null;
      }
      if (!s.equals("completed") && !s.equals("ok")) {
        return "unknown status '" + s + "'; expected failed (or completed with a value)";
      }
    }
    if (value == null || !value.isNumber()) {
      return "'value' must be a number";
    }
    if (!Double.isFinite(value.doubleValue())) {
      return "'value' "
          + value.asText()
          + " is not a finite number (it overflows a double);"
          + " report a failed trial as {\"trial\": "
          + id
          + ", \"status\": \"failed\"}";
    }
    opt.tell(id, value.doubleValue());
    return null;
  }

  private static String pendingIds(Optimizer opt) {
    return opt.pendingTrials().toString();
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

  private int fail(String message) {
    err.println("refinery suggest: " + message);
    err.flush();
    return BAD_INPUT;
  }
}
