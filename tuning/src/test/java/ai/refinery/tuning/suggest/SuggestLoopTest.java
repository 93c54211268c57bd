package ai.refinery.tuning.suggest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuggestLoopTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;
  private Path space;

  @BeforeEach
  void writeSpace() throws Exception {
    space =
        Files.writeString(
            tmp.resolve("space.json"),
            "{\"direction\": \"minimize\", \"params\": ["
                + "{\"name\": \"x1\", \"type\": \"continuous\", \"min\": -5, \"max\": 10, \"scaling\": \"linear\"},"
                + "{\"name\": \"lr\", \"type\": \"continuous\", \"min\": 1e-4, \"max\": 1, \"scaling\": \"log\"},"
                + "{\"name\": \"depth\", \"type\": \"integer\", \"min\": 1, \"max\": 12},"
                + "{\"name\": \"booster\", \"type\": \"categorical\", \"values\": [\"a\", \"b\", \"c\"]}]}");
  }

  static double objective(JsonNode p) {
    double x1 = p.get("x1").asDouble();
    double lr = p.get("lr").asDouble();
    int depth = p.get("depth").asInt();
    return Math.pow(x1 - 2, 2)
        + Math.pow(Math.log10(lr) + 2, 2)
        + Math.abs(depth - 4)
        + (p.get("booster").asText().equals("b") ? 0 : 1);
  }

  /** Runs the loop against an evaluator thread that answers every suggestion (FIFO). */
  private Outcome drive(String[] args, int maxOutstandingSeenCheck, boolean failEveryThird)
      throws Exception {
    PipedOutputStream toLoop = new PipedOutputStream();
    PipedInputStream loopIn = new PipedInputStream(toLoop, 1 << 16);
    PipedInputStream fromLoop = new PipedInputStream(1 << 16);
    PrintStream loopOut =
        new PrintStream(new PipedOutputStream(fromLoop), true, StandardCharsets.UTF_8);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CompletableFuture<Integer> rc =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return SuggestLoop.run(
                    args, loopIn, loopOut, new PrintStream(err, true, StandardCharsets.UTF_8));
              } finally {
                loopOut.close();
              }
            });
    List<String> lines = new ArrayList<>();
    int maxOutstanding = 0;
    try (BufferedReader r =
            new BufferedReader(new InputStreamReader(fromLoop, StandardCharsets.UTF_8));
        PrintStream w = new PrintStream(toLoop, true, StandardCharsets.UTF_8)) {
      Deque<JsonNode> outstanding = new ArrayDeque<>();
      String line;
      while ((line = r.readLine()) != null) {
        lines.add(line);
        JsonNode n = JSON.readTree(line);
        if (n.has("best")) {
          continue;
        }
        outstanding.add(n);
        maxOutstanding = Math.max(maxOutstanding, outstanding.size());
        // answer once the loop has handed out all it may (it blocks reading after that)
        while (!r.ready() && !outstanding.isEmpty()) {
          Thread.sleep(20);
          if (r.ready()) {
            break;
          }
          JsonNode s = outstanding.poll();
          int trial = s.get("trial").asInt();
          if (failEveryThird && trial % 3 == 2) {
            w.println("{\"trial\": " + trial + ", \"status\": \"failed\"}");
          } else {
            w.println("{\"trial\": " + trial + ", \"value\": " + objective(s.get("params")) + "}");
          }
        }
      }
    }
    return new Outcome(
        rc.get(60, TimeUnit.SECONDS), lines, err.toString(StandardCharsets.UTF_8), maxOutstanding);
  }

  /** The options of a loop over the test space. */
  private String[] loopArgs(String strategy, long seed, int maxTrials, int parallel) {
    return new String[] {
      "--space", space.toString(),
      "--strategy", strategy,
      "--seed", String.valueOf(seed),
      "--max-trials", String.valueOf(maxTrials),
      "--parallel", String.valueOf(parallel)
    };
  }

  record Outcome(int rc, List<String> lines, String err, int maxOutstanding) {}

  private Outcome runWithInput(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        SuggestLoop.run(
            args,
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String o = out.toString(StandardCharsets.UTF_8);
    return new Outcome(
        rc,
        o.isEmpty() ? List.of() : List.of(o.split("\n")),
        err.toString(StandardCharsets.UTF_8),
        0);
  }

  @Test
  void bayesianLoopEndToEnd() throws Exception {
    Outcome o = drive(loopArgs("bayesian", 3, 20, 1), 1, false);
    assertEquals(0, o.rc(), o.err());
    assertEquals(21, o.lines().size());
    for (int i = 0; i < 20; i++) {
      JsonNode n = JSON.readTree(o.lines().get(i));
      assertEquals(i, n.get("trial").asInt());
      // 4 ranges: a space-filling design of 5 points, then the Gaussian process
      assertEquals(i < 5 ? "initial" : "model", n.get("source").asText(), o.lines().get(i));
      JsonNode p = n.get("params");
      assertTrue(
          p.get("depth").isInt() && p.get("x1").isDouble() && p.get("booster").isTextual(),
          o.lines().get(i));
      double lr = p.get("lr").asDouble();
      assertTrue(lr >= 1e-4 && lr <= 1);
    }
    JsonNode best = JSON.readTree(o.lines().get(20)).get("best");
    double bestSeen = Double.MAX_VALUE;
    for (int i = 0; i < 20; i++) {
      bestSeen = Math.min(bestSeen, objective(JSON.readTree(o.lines().get(i)).get("params")));
    }
    assertEquals(bestSeen, best.get("value").asDouble(), 1e-12);
    assertEquals(bestSeen, objective(best.get("params")), 1e-12);
    assertTrue(o.err().contains("result 20 of 20"), o.err());
  }

  @Test
  void parallelKeepsUpToPOutstandingAndFailedTrialsAreSkipped() throws Exception {
    Outcome o = drive(loopArgs("random", 1, 12, 3), 3, true);
    assertEquals(0, o.rc(), o.err());
    assertEquals(13, o.lines().size());
    assertEquals(3, o.maxOutstanding());
    JsonNode best = JSON.readTree(o.lines().get(12)).get("best");
    assertTrue(best.get("trial").asInt() % 3 != 2, "a failed trial cannot be best");
  }

  @Test
  void gridEndsWhenExhausted() {
    String spaceArg = tmp.resolve("g.json").toString();
    try {
      Files.writeString(
          Path.of(spaceArg),
          "{\"params\":[{\"name\":\"k\",\"type\":\"categorical\",\"values\":[1,2]}]}");
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
    Outcome o =
        runWithInput(
            "{\"trial\": 0, \"value\": 5}\n{\"trial\": 1, \"value\": 3}\n",
            "--space",
            spaceArg,
            "--strategy",
            "grid",
            "--max-trials",
            "10",
            "--parallel",
            "4");
    assertEquals(0, o.rc(), o.err());
    assertEquals(3, o.lines().size());
    assertTrue(o.lines().get(2).startsWith("{\"best\":{\"trial\":1,"), o.lines().get(2));
    assertTrue(o.err().contains("no more points after 2 trials"), o.err());
  }

  /** Runs the loop on {@code stdin}; asserts exit code 2 and a message containing {@code err}. */
  private Outcome assertBadInput(String err, String stdin, String... args) {
    Outcome o = runWithInput(stdin, args);
    assertEquals(2, o.rc());
    assertTrue(o.err().contains(err), o.err());
    return o;
  }

  @Test
  void malformedLinesExitWithCode2AndAClearMessage() {
    String[] args = {"--space", space.toString(), "--strategy", "random", "--max-trials", "3"};
    Outcome o =
        assertBadInput(
            "stdin line 2: unknown key 'vlaue'. Got: {\"trial\": 1, \"vlaue\": 2}",
            "{\"trial\": 0, \"value\": 1.5}\n{\"trial\": 1, \"vlaue\": 2}\n",
            args);
    assertEquals(2, o.lines().size(), "only suggestions on stdout: " + o.lines());
    assertBadInput("stdin line 1: not valid JSON", "not json\n", args);
    assertBadInput(
        "stdin line 1: trial 7 is not waiting for a result (pending: [0])",
        "{\"trial\": 7, \"value\": 1}\n",
        args);
    assertBadInput("'value' must be a number", "{\"trial\": 0, \"value\": \"high\"}\n", args);
    assertBadInput(
        "stdin ended after 1 of 3 results; trials [1] are still waiting",
        "{\"trial\": 0, \"value\": 1}\n",
        args);
  }

  @Test
  void badOptionsAndSpacesExitWithCode2() throws Exception {
    assertBadInput(
        "Unknown strategy 'annealing'; expected bayesian, random or grid",
        "",
        "--space",
        space.toString(),
        "--strategy",
        "annealing",
        "--max-trials",
        "3");
    Path bad =
        Files.writeString(
            tmp.resolve("bad.json"),
            "{\"params\":[{\"name\":\"lr\",\"min\":0,\"max\":1,\"scaling\":\"log\"}]}");
    assertBadInput(
        "Range 'lr': log scaling needs min > 0",
        "",
        "--space",
        bad.toString(),
        "--max-trials",
        "3");
    Outcome o = assertBadInput("--max-trials", "", "--space", space.toString());
    assertTrue(o.lines().isEmpty());
  }

  @Test
  void allFailedGivesNullBestAndExit1() {
    Outcome o =
        runWithInput(
            "{\"trial\": 0, \"status\": \"failed\"}\n",
            "--space",
            space.toString(),
            "--strategy",
            "random",
            "--max-trials",
            "1");
    assertEquals(1, o.rc());
    assertEquals("{\"best\":null}", o.lines().get(1));
  }
}
